import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Migration } from '../db/migrate.ts';
import { eachCheckedMember, scanArchive } from './archive.ts';
import type { MediaStorage } from '../storage/index.ts';
import { assertEmptyTarget, restoreDatabase } from './database-dump.ts';
import { BackupError, checkManifest, mediaMember, type BackupManifest } from './manifest.ts';

export interface RestoreTarget {
  databaseUrl: string | undefined;
  dataDir: string;
  media: MediaStorage;
}

async function isEmpty(media: MediaStorage): Promise<boolean> {
  for await (const _file of media.list()) return false;
  return true;
}

/**
 * Brings an archive back into an empty installation. Everything is checked first, before
 * anything is written: that it is a Masthead backup of a format this release reads, that every
 * member matches the manifest's hash, that its migrations are known here, that its engine is the
 * target's, and that the database and the media store are empty. Then the media are written and
 * the database loaded last, all or nothing; if loading fails, the media written are removed.
 */
export async function restoreBackup(file: string, target: RestoreTarget, migrations: Migration[]): Promise<BackupManifest & { mediaFiles: number }> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`${file} is not a file.`);
  let scanned: Awaited<ReturnType<typeof scanArchive>>;
  try {
    scanned = await scanArchive(file);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a Masthead backup: it cannot be read as a tar archive.`);
  }
  const manifest = checkManifest(scanned.manifest, scanned.seen, migrations);
  const engine = target.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.engine !== engine)
    throw new BackupError(
      manifest.engine === 'pglite'
        ? 'This backup is of the embedded database: restore it without DATABASE_URL, then move the site with `masthead move-to-postgres`.'
        : 'This backup is of a PostgreSQL database: set DATABASE_URL to an empty database to restore it into.',
    );
  await assertEmptyTarget(engine, target);
  if (!(await isEmpty(target.media))) throw new BackupError('The media store already holds files: a restore goes into an empty installation.');

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-restore-'));
  const written = new Set<string>();
  try {
    const dump = path.join(scratch, 'database');
    await eachCheckedMember(file, scanned.seen, async (name, body) => {
      if (name === manifest.database) return pipeline(Readable.from(body), fs.createWriteStream(dump));
      const media = mediaMember(name);
      if (!media) return;
      written.add(media.id);
      // One file at a time in memory: an upload is at most MAX_UPLOAD_MB, and a store writes a file whole.
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk);
      await target.media.put(media.id, media.file, Buffer.concat(chunks));
    });
    fs.mkdirSync(target.dataDir, { recursive: true });
    await restoreDatabase(manifest.engine, dump, target);
  } catch (error) {
    for (const id of written) await target.media.removeAll(id).catch(() => {});
    throw error;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { ...manifest, mediaFiles: Object.keys(manifest.members).filter((name) => mediaMember(name)).length };
}
