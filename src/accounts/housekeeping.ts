import type { Executor } from '../platform/db/database.ts';
import { enqueue } from '../platform/jobs/queue.ts';
import { deleteStaleLimits } from '../platform/rate-limit/repository.ts';
import { deleteExpiredLinks } from './links/repository.ts';
import { deleteExpiredChallenges } from './passkeys/repository.ts';
import { deleteExpiredSessions } from './sessions/repository.ts';

/**
 * Once a day the queue clears what has expired: sessions, e-mailed links a week after they
 * lapsed, passkey challenges, and rate-limit counters with nothing left to count.
 */
export const HOUSEKEEPING_JOB = 'accounts.housekeeping';
const DAY = 24 * 60 * 60 * 1000;

export async function sweepExpired(executor: Executor, now: Date): Promise<void> {
  await deleteExpiredSessions(executor, now);
  await deleteExpiredLinks(executor, new Date(now.getTime() - 7 * DAY));
  await deleteExpiredChallenges(executor, now);
  await deleteStaleLimits(executor, new Date(now.getTime() - DAY));
}

/** One sweep per day, whichever process asks first (the key names the day). */
export async function scheduleHousekeeping(executor: Executor, at: Date): Promise<void> {
  await enqueue(executor, HOUSEKEEPING_JOB, {}, { runAt: at, singletonKey: `${HOUSEKEEPING_JOB}:${at.toISOString().slice(0, 10)}` });
}

export const nextSweep = (now: Date) => new Date(now.getTime() + DAY);
