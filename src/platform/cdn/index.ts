import type { CdnConfig, CdnTarget } from '../config/cdn.ts';
import type { Database } from '../db/database.ts';
import type { JobWorker } from '../jobs/queue.ts';
import { cloudflarePurger } from './cloudflare.ts';
import { CDN_PURGE_JOB, drainPurges } from './drain.ts';
import { fastlyPurger } from './fastly.ts';
import { httpPurger } from './http-purger.ts';
import type { Purger } from './purger.ts';

export { CDN_PURGE_JOB, queuePurge } from './drain.ts';
export { isAddress, PurgeFailed, type Purger } from './purger.ts';

function purgerFor(target: CdnTarget): Purger {
  if (target.kind === 'fastly') return fastlyPurger(target);
  if (target.kind === 'cloudflare') return cloudflarePurger(target);
  return httpPurger(target);
}

/** Every configured cache as one: a batch fits the strictest API, and succeeds only when every cache accepted it. */
export function purgerOf(config: CdnConfig): Purger {
  const purgers = config.targets.map(purgerFor);
  return {
    batch: Math.min(...purgers.map((p) => p.batch)),
    async purgeKeys(keys) {
      await Promise.all(purgers.map((p) => p.purgeKeys(keys)));
    },
    async purgeAll() {
      await Promise.all(purgers.map((p) => p.purgeAll()));
    },
  };
}

/**
 * The purge job. Registered whatever the configuration, so keys queued before the CDN setting
 * was removed are drained (and dropped) rather than failing as a job nobody handles.
 */
export function registerCdnPurges(jobs: JobWorker, database: Database, config: CdnConfig | undefined, now: () => Date): void {
  const purger: Purger = config ? purgerOf(config) : { batch: 1000, purgeKeys: async () => {}, purgeAll: async () => {} };
  jobs.register(CDN_PURGE_JOB, () => drainPurges(database, purger, config?.purgeAllEverySeconds ?? 0, now));
}
