import path from 'node:path';
import { say, UsageError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const STORES = ['s3', 'disk'] as const;

/**
 * `media move --to s3|disk`: moves a site's media between DATA_DIR/media and the S3 bucket the
 * S3_* settings name (whatever MEDIA_STORE says now: the move comes before switching it). Run
 * while the site is stopped, or again after switching, to copy what was uploaded meanwhile.
 */
export const mediaMoveCommand: Command = {
  name: 'media move',
  usage: [
    'media move --to s3|disk [--delete-source]',
    '                                   copy every media file between DATA_DIR/media and the S3 bucket (S3_* settings);',
    '                                   resumable, originals checked against their sha256; the source is kept unless --delete-source',
  ],
  options: { to: { type: 'string' }, 'delete-source': { type: 'boolean' } },
  // Both stores are described by the environment: the bucket by S3_*, read as if it were the configured store.
  environment: (env, values) => {
    if (!STORES.includes(values.to as (typeof STORES)[number])) throw new UsageError('media move needs --to s3 or --to disk (where the files go).');
    return { ...env, MEDIA_STORE: 's3' };
  },
  async run({ config, values }) {
    if (config.media.store !== 's3') throw new Error('media move reads the bucket from the S3_* settings');
    const { DiskStorage, S3Storage, moveMedia } = await import('../platform/storage/index.ts');
    const disk = new DiskStorage(path.join(config.dataDir, 'media'));
    const bucket = new S3Storage(config.media.s3);
    const [source, target] = values.to === 's3' ? [disk, bucket] : [bucket, disk];
    try {
      const report = await withDatabase(config, async (database) => {
        const { findImage } = await import('../content/index.ts');
        say(
          `Moving media from ${source.description} to ${target.description}${values['delete-source'] ? ', removing each file from the source once copied' : ''}...`,
        );
        return moveMedia({
          source,
          target,
          deleteSource: values['delete-source'] === true,
          expectedSha256: async (id) => (await findImage(database.db, id))?.sha256 ?? null,
          progress: say,
        });
      });
      say(`${report.copied} copied, ${report.skipped} already there${values['delete-source'] ? `, ${report.removed} removed from the source` : ''}.`);
      for (const failure of report.failed) say(`Not moved: ${failure}`);
      if (report.stopped) say(`Stopped: ${report.stopped} Run the same command again to go on from here.`);
      return report.failed.length || report.stopped ? 1 : 0;
    } finally {
      await Promise.all([disk.close(), bucket.close()]);
    }
  },
};
