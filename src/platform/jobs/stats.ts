import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../db/database.ts';

export interface QueueStats {
  name: string;
  /** Queued and due now: waiting for a worker. */
  due: number;
  /** Queued for later (a scheduled publication, tomorrow's digest). */
  scheduled: number;
  running: number;
  /** How long the oldest due job has waited past its time; 0 when none is due. */
  oldestDueSeconds: number;
}

/** The queue per job name as it stands, read on each metrics scrape: one pass over unfinished jobs. */
export async function queueStats(executor: Executor): Promise<QueueStats[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select name,
               count(*) filter (where state = 'queued' and run_at <= now()) as due,
               count(*) filter (where state = 'queued' and run_at > now()) as scheduled,
               count(*) filter (where state = 'running') as running,
               coalesce(extract(epoch from now() - min(run_at) filter (where state = 'queued' and run_at <= now())), 0)::float8 as oldest
        from jobs where state in ('queued', 'running') group by name order by name`,
  );
  return found.map((row) => ({
    name: String(row.name),
    due: Number(row.due),
    scheduled: Number(row.scheduled),
    running: Number(row.running),
    oldestDueSeconds: Number(row.oldest),
  }));
}
