import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../src/platform/db/database.ts';
import { engine } from './database.ts';

/**
 * For race tests: waits until another statement on this test's database is blocked by `tx`
 * itself (PostgreSQL; a lock some other work waits on would not do). PGlite runs one transaction at a time, so there the other request
 * simply waits for `tx` to end; this only gives it a moment to start.
 */
export async function untilWaitingForLock(tx: Executor): Promise<void> {
  if (engine !== 'postgres') return sleep(100);
  for (let tries = 0; tries < 100; tries++) {
    const [row] = await rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pg_backend_pid() = any(pg_blocking_pids(pid))`,
    );
    if (row!.n > 0) return;
    await sleep(50);
  }
  throw new Error('Nothing waited for the lock: the race this test stages never happened.');
}
