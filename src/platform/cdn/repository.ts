import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../db/database.ts';

/** The key that stands for everything. */
export const EVERYTHING = '*';
/** When everything was last purged, kept as a row of its own so every process sees it. */
const LAST_ALL = '*last';

/** Queues keys; a key already queued is moved to now, so a purge in flight does not swallow this change. */
export async function queueKeys(executor: Executor, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await executor.execute(
    sql`insert into cdn_purges (key, queued_at) values ${sql.join(
      [...new Set(keys)].map((k) => sql`(${k}, clock_timestamp())`),
      sql`, `,
    )}
        on conflict (key) do update set queued_at = excluded.queued_at`,
  );
}

/** The database's time now: what a purge about to be sent covers (every key queued up to it). */
export async function databaseNow(executor: Executor): Promise<Date> {
  const [row] = await rows<{ now: Date | string }>(executor, sql`select clock_timestamp() as now`);
  return new Date(row!.now);
}

/** The oldest pending keys (the markers, starting with `*`, are handled on their own). */
export async function oldestKeys(executor: Executor, limit: number): Promise<string[]> {
  const found = await rows<{ key: string }>(executor, sql`select key from cdn_purges where key not like '*%' order by queued_at, key limit ${limit}`);
  return found.map((r) => r.key);
}

export async function everythingPending(executor: Executor): Promise<boolean> {
  const found = await rows(executor, sql`select 1 from cdn_purges where key = ${EVERYTHING}`);
  return found.length > 0;
}

export async function countPending(executor: Executor): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from cdn_purges where key <> ${LAST_ALL}`);
  return Number(row?.n ?? 0);
}

/** Forgets these keys, unless one was queued again after `sentAt` (its change came after the purge left). */
export async function forgetKeys(executor: Executor, keys: string[], sentAt: Date): Promise<void> {
  if (!keys.length) return;
  await executor.execute(
    sql`delete from cdn_purges where key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )}) and queued_at <= ${sentAt.toISOString()}::timestamptz`,
  );
}

/** After a purge of everything: forgets every key queued before it was sent. */
export async function forgetAllUpTo(executor: Executor, sentAt: Date): Promise<void> {
  await executor.execute(sql`delete from cdn_purges where key <> ${LAST_ALL} and queued_at <= ${sentAt.toISOString()}::timestamptz`);
}

export async function lastPurgeAll(executor: Executor): Promise<Date | null> {
  const [row] = await rows<{ at: Date | string }>(executor, sql`select queued_at as at from cdn_purges where key = ${LAST_ALL}`);
  return row ? new Date(row.at) : null;
}

export async function recordPurgeAll(executor: Executor, at: Date): Promise<void> {
  await executor.execute(
    sql`insert into cdn_purges (key, queued_at) values (${LAST_ALL}, ${at.toISOString()}::timestamptz)
        on conflict (key) do update set queued_at = excluded.queued_at`,
  );
}
