import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../db/database.ts';
import type { MediaStorage } from '../storage/index.ts';
import { writeArchive } from './archive.ts';
import { dumpDatabase } from './database-dump.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, DATABASE_MEMBER, mediaMemberName, type BackupManifest } from './manifest.ts';

export interface BackupSummary {
  file: string;
  bytes: number;
  mediaFiles: number;
}

/** Pure: the archive's name for a moment, sortable as text (retention keeps the newest by name). */
export const backupName = (at: Date) =>
  `masthead-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.backup.tar`;
export const BACKUP_NAME = /^masthead-\d{8}T\d{6}Z\.backup\.tar$/;

/**
 * One archive of the site: the database first (consistent as of one moment), then every media
 * file. Media are written before the rows that name them and never changed, so each file a
 * dumped row names is there to copy; only a picture deleted from the library while the backup
 * runs can be missing from it (its row then restores without its files, and is not in use).
 */
export async function createBackup(options: {
  database: Database;
  databaseUrl: string | undefined;
  media: MediaStorage;
  dir: string;
  now: Date;
}): Promise<BackupSummary> {
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dir, backupName(options.now));
  if (fs.existsSync(file)) throw new Error(`${file} exists already`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-backup-'));
  let mediaFiles = 0;
  try {
    await writeArchive(file, async (archive) => {
      const engine = options.database.engine;
      const dump = path.join(scratch, 'database');
      await dumpDatabase(options.database, options.databaseUrl, dump);
      await archive.add(DATABASE_MEMBER[engine], fs.statSync(dump).size, fs.createReadStream(dump));
      fs.rmSync(dump);
      // Migrations as the dump has them: the dump came first, and a restore checks against them.
      const migrations = await rows<{ tag: string; sha256: string }>(options.database.db, sql`select tag, sha256 from schema_migrations order by tag`);
      for await (const { id, file: name } of options.media.list()) {
        const found = await options.media.get(id, name);
        if (!found) continue; // deleted since it was listed
        await archive.add(mediaMemberName(id, name), found.size, found.body);
        mediaFiles++;
      }
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: options.now.toISOString(),
        engine,
        database: DATABASE_MEMBER[engine],
        migrations,
        members: Object.fromEntries(archive.members),
      };
      return JSON.stringify(manifest, null, 2);
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { file, bytes: fs.statSync(file).size, mediaFiles };
}

/**
 * Keeps the newest `keep` finished backups in `dir` and deletes the older ones, and the leftovers
 * of backups killed half way (`.partial`) once they are a day old. Only our own names are touched.
 */
export function pruneBackups(dir: string, keep: number, now: Date): string[] {
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir);
  const finished = names.filter((name) => BACKUP_NAME.test(name)).sort();
  const stale = names.filter(
    (name) =>
      BACKUP_NAME.test(name.replace(/\.partial$/, '')) && name.endsWith('.partial') && now.getTime() - fs.statSync(path.join(dir, name)).mtimeMs > 86_400_000,
  );
  const removed = [...finished.slice(0, Math.max(0, finished.length - keep)), ...stale];
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  return removed;
}
