import type { BackupConfig } from '../config/backup.ts';
import type { Database, Executor } from '../db/database.ts';
import { enqueue, type JobWorker } from '../jobs/queue.ts';
import type { MediaStorage } from '../storage/index.ts';
import { createBackup, pruneBackups } from './backup.ts';

/**
 * Scheduled backups run inside the site, as a job: the embedded database lets one process open
 * it, so only the running site can back it up while it serves; on several machines the job
 * queue makes one of them take each backup.
 */
export const BACKUP_JOB = 'ops.backup';

/** Pure: the start of the next slot of `everyHours` after `now` (slots count from the epoch, so every machine agrees). */
export function nextBackupAt(now: Date, everyHours: number): Date {
  const slot = everyHours * 3_600_000;
  return new Date((Math.floor(now.getTime() / slot) + 1) * slot);
}

/** One backup per slot, whichever process asks first (the key names the slot). */
export async function scheduleBackup(executor: Executor, now: Date, everyHours: number): Promise<void> {
  const at = nextBackupAt(now, everyHours);
  await enqueue(executor, BACKUP_JOB, {}, { runAt: at, singletonKey: `${BACKUP_JOB}:${at.toISOString()}`, maxAttempts: 3 });
}

/** Registers the scheduled backup with the site's job worker: each run writes one archive, prunes to `keep` and schedules the next. */
export function registerScheduledBackups(
  jobs: JobWorker,
  options: { database: Database; databaseUrl: string | undefined; media: MediaStorage; config: BackupConfig; now: () => Date },
): void {
  const { config } = options;
  jobs.register(
    BACKUP_JOB,
    async (_payload: unknown, { log }) => {
      const dir = config.dir;
      // Registered even when BACKUP_DIR is unset, so a backup queued before it was unset ends instead of waiting for ever.
      if (!dir) return log.info('scheduled backups are off (BACKUP_DIR is unset)');
      // The next one first: a backup that fails (a full disk, pg_dump missing) must not end the schedule.
      await scheduleBackup(options.database.db, options.now(), config.everyHours);
      const summary = await createBackup({ ...options, dir, now: options.now() });
      const pruned = pruneBackups(dir, config.keep, options.now());
      log.info({ file: summary.file, bytes: summary.bytes, mediaFiles: summary.mediaFiles, pruned: pruned.length }, 'backup written');
    },
    // Its own lane: a backup takes minutes, and must hold back neither mail nor alerts.
    { lane: { name: 'backup', concurrency: 1 } },
  );
}
