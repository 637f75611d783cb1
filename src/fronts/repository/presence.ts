import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { toDate } from '../../platform/db/values.ts';

/**
 * Who has a front open in the fronts tool. The tool renews its mark every few seconds; a mark
 * older than PRESENCE_TTL_MS means the editor has gone. One row per editor and front, so the
 * table stays small without a sweep.
 */
export const PRESENCE_TTL_MS = 30_000;

/** Marks the editor as on the front now; returns the names of everyone else there, by name. */
export async function markPresent(executor: Executor, frontId: string, userId: string, now: Date): Promise<{ name: string }[]> {
  await executor.execute(
    sql`insert into front_presence (front_id, user_id, seen_at) values (${frontId}::uuid, ${userId}::uuid, ${now.toISOString()}::timestamptz)
        on conflict (front_id, user_id) do update set seen_at = excluded.seen_at`,
  );
  const since = new Date(now.getTime() - PRESENCE_TTL_MS).toISOString();
  return rows<{ name: string }>(
    executor,
    sql`select u.display_name as name from front_presence p join users u on u.id = p.user_id
        where p.front_id = ${frontId}::uuid and p.user_id <> ${userId}::uuid and p.seen_at > ${since}::timestamptz
        order by u.display_name`,
  );
}

export async function leaveFront(executor: Executor, frontId: string, userId: string): Promise<void> {
  await executor.execute(sql`delete from front_presence where front_id = ${frontId}::uuid and user_id = ${userId}::uuid`);
}

/** A person's marks, for their data download. */
export async function presenceOf(executor: Executor, userId: string): Promise<{ frontId: string; seenAt: Date }[]> {
  const found = await rows<SqlRow>(executor, sql`select front_id, seen_at from front_presence where user_id = ${userId}::uuid order by seen_at`);
  return found.map((row) => ({ frontId: row.front_id, seenAt: toDate(row.seen_at) }));
}

export async function erasePresence(executor: Executor, userId: string): Promise<void> {
  await executor.execute(sql`delete from front_presence where user_id = ${userId}::uuid`);
}
