import type { Database, Executor } from '../db/database.ts';
import { enqueue, unfinishedState } from '../jobs/queue.ts';
import type { Purger } from './purger.ts';
import * as repo from './repository.ts';

export const CDN_PURGE_JOB = 'cdn.purge';
/**
 * Two drains at most: one that may be running, and one waiting behind it. A change that finds
 * the first running queues the second, so keys written after the running drain last looked are
 * never left for the next change.
 */
const DRAINS = [CDN_PURGE_JOB, `${CDN_PURGE_JOB}:next`];
/** The drain that purges everything once the minimum interval since the last one has passed. */
const DEFERRED_ALL = `${CDN_PURGE_JOB}:everything`;
/** A failing CDN is retried with the queue's backoff for about three hours; its keys stay queued even after that, for the next change's drain. */
const MAX_ATTEMPTS = 8;

/**
 * After a change committed: queues its keys (`null`: everything) and makes sure a drain runs.
 * Quick and local (two statements): the purge itself is the job's, so a slow or failing CDN
 * never holds up a publish.
 */
export async function queuePurge(database: Database, keys: Iterable<string> | null): Promise<void> {
  const list = keys === null ? [repo.EVERYTHING] : [...keys];
  if (!list.length) return;
  await repo.queueKeys(database.db, list);
  await wakeDrain(database.db);
}

async function wakeDrain(executor: Executor): Promise<void> {
  for (const key of DRAINS) {
    if (await enqueue(executor, CDN_PURGE_JOB, {}, { singletonKey: key, maxAttempts: MAX_ATTEMPTS })) return;
    // A drain that has not started yet will read these keys.
    if ((await unfinishedState(executor, key)) === 'queued') return;
  }
  // Both are running: each reads again until nothing is left, so only a key written in the instant
  // between a drain's last read and its end waits, for the next change.
}

/**
 * The job: purges what is queued, oldest first, in batches the API accepts, until nothing is
 * left (keys queued meanwhile join the next batch: a burst of comments becomes a few calls).
 * A batch is forgotten only after the cache accepted it; a refusal throws and the queue retries
 * with its backoff, the keys still queued. A purge of everything is sent at most once per
 * `purgeAllEverySeconds` (by the later of the app's clock `now` and the database's); until then
 * the keys are purged one by one and everything waits. What a purge covers is decided by the
 * database's clock, which stamped the keys.
 */
export async function drainPurges(database: Database, purger: Purger, purgeAllEverySeconds: number, now: () => Date): Promise<void> {
  const db = database.db;
  for (;;) {
    if (await repo.everythingPending(db)) {
      const last = await repo.lastPurgeAll(db);
      const sentAt = await repo.databaseNow(db);
      // The later of the two clocks, as the queue uses to decide a job is due: the deferred drain,
      // once claimed, always finds its time has come.
      const current = Math.max(now().getTime(), sentAt.getTime());
      const allowedAt = last ? last.getTime() + purgeAllEverySeconds * 1000 : 0;
      if (allowedAt <= current) {
        await purger.purgeAll();
        await repo.forgetAllUpTo(db, sentAt);
        await repo.recordPurgeAll(db, new Date(current));
        continue;
      }
      await enqueue(db, CDN_PURGE_JOB, {}, { singletonKey: DEFERRED_ALL, runAt: new Date(allowedAt), maxAttempts: MAX_ATTEMPTS });
    }
    const keys = await repo.oldestKeys(db, purger.batch);
    if (!keys.length) return;
    const sentAt = await repo.databaseNow(db);
    await purger.purgeKeys(keys);
    await repo.forgetKeys(db, keys, sentAt);
  }
}
