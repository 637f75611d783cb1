import crypto from 'node:crypto';
import type { AppContext } from '../context.ts';
import { recordedActor } from '../platform/audit/repository.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { cancelJob, enqueue } from '../platform/jobs/queue.ts';
import type { FrontLayout } from './model.ts';
import { findFront, insertPublished } from './repository/fronts.ts';
import { findSchedule, insertSchedule, pendingSchedules, setScheduleState } from './repository/schedules.ts';
import { FrontConflict, auditFront, lockFront, theirsOf, type Actor } from './service.ts';
import { assertUsableLayout } from './stories.ts';

export const PUBLISH_FRONT_JOB = 'fronts.publish-scheduled';
/** More than this many layouts waiting on one front is a mistake, not a plan. */
export const MAX_PENDING_SCHEDULES = 20;
/** How far ahead a layout may be scheduled. */
const MAX_AHEAD_MS = 366 * 24 * 3600 * 1000;

const jobKey = (scheduleId: string) => `front-schedule:${scheduleId}`;

/**
 * Schedules a layout to be published at `runAt`: the draft as it was at `version`, or the
 * layout given. The schedule and its job are written in one transaction, so one never exists
 * without the other.
 */
export async function scheduleLayout(
  ctx: AppContext,
  frontId: string,
  request: { version: number; runAt: Date; layout?: FrontLayout | undefined },
  who: Actor,
): Promise<{ id: string; runAt: Date }> {
  const { runAt } = request;
  if (!(runAt.getTime() > who.now.getTime())) throw new AppError('bad_request', 'A schedule must be for a time in the future.', 'runAt');
  if (runAt.getTime() - who.now.getTime() > MAX_AHEAD_MS) throw new AppError('bad_request', 'A schedule may be at most a year ahead.', 'runAt');
  if (!(await findFront(ctx.database.db, frontId))) throw notFound('The front');
  if (request.layout) await assertUsableLayout(ctx.database.db, request.layout);
  return ctx.database.transaction(async (tx) => {
    const row = await lockFront(tx, frontId);
    if (row.version !== request.version) throw new FrontConflict(request.layout ?? null, theirsOf(row));
    if ((await pendingSchedules(tx, frontId)).length >= MAX_PENDING_SCHEDULES) {
      throw new AppError('bad_request', `This front already has ${MAX_PENDING_SCHEDULES} layouts waiting; cancel one first.`, 'runAt');
    }
    const id = crypto.randomUUID();
    await insertSchedule(tx, { id, frontId, layout: request.layout ?? row.draft, runAt, actor: who.actor, now: who.now });
    await enqueue(tx, PUBLISH_FRONT_JOB, { scheduleId: id }, { runAt, singletonKey: jobKey(id) });
    await auditFront(tx, who, 'front.schedule', frontId, { scheduleId: id, runAt: runAt.toISOString(), layout: request.layout ? 'given' : 'draft' });
    return { id, runAt };
  });
}

/** Cancels a waiting schedule and its job; cancelling one already cancelled is done already. */
export async function cancelSchedule(ctx: AppContext, frontId: string, scheduleId: string, who: Actor): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const schedule = await findSchedule(tx, scheduleId, { lock: true });
    if (!schedule || schedule.frontId !== frontId) throw notFound('The schedule');
    if (schedule.state === 'published') throw new AppError('conflict', 'This layout has already been published; restore an earlier version instead.');
    if (schedule.state === 'cancelled') return;
    await setScheduleState(tx, scheduleId, 'cancelled');
    await cancelJob(tx, jobKey(scheduleId));
    await auditFront(tx, who, 'front.schedule-cancel', frontId, { scheduleId });
  });
}

/**
 * The job: publishes the scheduled layout once, audited in the same transaction as done by
 * whoever scheduled it, on schedule. Run twice (a worker died after the commit), it finds the
 * schedule no longer pending and does nothing.
 */
export async function runSchedule(ctx: AppContext, scheduleId: string): Promise<void> {
  const frontId = await ctx.database.transaction(async (tx) => {
    const schedule = await findSchedule(tx, scheduleId, { lock: true });
    if (schedule?.state !== 'pending') return null;
    if (!(await findFront(tx, schedule.frontId, { lock: true }))) return null;
    const who: Actor = { actor: schedule.actor, now: ctx.now(), by: recordedActor(schedule.actor) };
    const published = await insertPublished(tx, schedule.frontId, { layout: schedule.layout, note: 'scheduled', actor: who.actor, now: who.now });
    await setScheduleState(tx, scheduleId, 'published');
    await auditFront(tx, who, 'front.publish', schedule.frontId, { number: published.number, scheduleId, onSchedule: true });
    return schedule.frontId;
  });
  if (frontId) ctx.events.frontChanged(frontId);
}
