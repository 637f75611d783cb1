import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { fromJson, toDate } from '../../platform/db/values.ts';
import type { FrontLayout } from '../model.ts';

// A front's scheduled layouts: what is waiting to be published, and when.

export interface ScheduleRow {
  id: string;
  frontId: string;
  layout: FrontLayout;
  runAt: Date;
  state: 'pending' | 'published' | 'cancelled';
  actor: string;
}

const toSchedule = (row: SqlRow): ScheduleRow => ({
  id: row.id,
  frontId: row.front_id,
  layout: fromJson<FrontLayout>(row.layout),
  runAt: toDate(row.run_at),
  state: row.state,
  actor: row.actor,
});

export async function insertSchedule(executor: Executor, schedule: Omit<ScheduleRow, 'state'> & { now: Date }): Promise<void> {
  await executor.execute(
    sql`insert into front_schedules (id, front_id, layout, run_at, state, actor, created_at)
        values (${schedule.id}::uuid, ${schedule.frontId}::uuid, ${JSON.stringify(schedule.layout)}::jsonb, ${schedule.runAt.toISOString()}::timestamptz,
                'pending', ${schedule.actor}, ${schedule.now.toISOString()}::timestamptz)`,
  );
}

/** The front's layouts still waiting, soonest first. */
export async function pendingSchedules(executor: Executor, frontId: string): Promise<ScheduleRow[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select id, front_id, layout, run_at, state, actor from front_schedules
        where front_id = ${frontId}::uuid and state = 'pending' order by run_at, id`,
  );
  return found.map(toSchedule);
}

export async function findSchedule(executor: Executor, id: string, options: { lock?: boolean } = {}): Promise<ScheduleRow | null> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select id, front_id, layout, run_at, state, actor from front_schedules where id = ${id}::uuid ${options.lock ? sql`for update` : sql``}`,
  );
  return row ? toSchedule(row) : null;
}

export async function setScheduleState(executor: Executor, id: string, state: ScheduleRow['state']): Promise<void> {
  await executor.execute(sql`update front_schedules set state = ${state} where id = ${id}::uuid`);
}
