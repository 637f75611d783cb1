import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../db/database.ts';

/** Counts one call in `key`'s window, starting a new window when the last one ended. */
export async function countCall(executor: Executor, key: string, windowSeconds: number, now: Date): Promise<{ count: number; windowStartedAt: Date }> {
  const at = now.toISOString();
  const [row] = await rows<{ count: number; window_started_at: Date | string }>(
    executor,
    sql`insert into rate_limits (key, count, window_started_at) values (${key}, 1, ${at}::timestamptz)
        on conflict (key) do update set
          count = case when rate_limits.window_started_at <= ${at}::timestamptz - make_interval(secs => ${windowSeconds}) then 1 else rate_limits.count + 1 end,
          window_started_at = case when rate_limits.window_started_at <= ${at}::timestamptz - make_interval(secs => ${windowSeconds}) then excluded.window_started_at else rate_limits.window_started_at end
        returning count, window_started_at`,
  );
  return { count: row!.count, windowStartedAt: new Date(row!.window_started_at) };
}

export async function blockedUntil(executor: Executor, key: string): Promise<Date | null> {
  const [row] = await rows<{ blocked_until: Date | string | null }>(executor, sql`select blocked_until from rate_limits where key = ${key}`);
  return row?.blocked_until ? new Date(row.blocked_until) : null;
}

/** One more failure in a row; returns how many there now are. */
export async function addFailure(executor: Executor, key: string, now: Date): Promise<number> {
  const [row] = await rows<{ failures: number }>(
    executor,
    sql`insert into rate_limits (key, window_started_at, failures) values (${key}, ${now.toISOString()}::timestamptz, 1)
        on conflict (key) do update set failures = rate_limits.failures + 1
        returning failures`,
  );
  return row!.failures;
}

export async function setBlockedUntil(executor: Executor, key: string, until: Date): Promise<void> {
  await executor.execute(sql`update rate_limits set blocked_until = ${until.toISOString()}::timestamptz where key = ${key}`);
}

export async function resetFailures(executor: Executor, key: string): Promise<void> {
  await executor.execute(sql`update rate_limits set failures = 0, blocked_until = null where key = ${key}`);
}

/** Rows whose window and delay both ended before `before`: nothing left to remember. */
export async function deleteStaleLimits(executor: Executor, before: Date): Promise<void> {
  await executor.execute(
    sql`delete from rate_limits where window_started_at < ${before.toISOString()}::timestamptz
        and (blocked_until is null or blocked_until < ${before.toISOString()}::timestamptz)`,
  );
}
