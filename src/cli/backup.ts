import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { DatabaseInUseError } from '../platform/db/pglite-lock.ts';
import { readMigrations } from '../platform/db/migrate.ts';
import { say, UsageError, type Command } from './command.ts';
import { openMediaStorage, withDatabase } from './database.ts';

export const backupCommand: Command = {
  name: 'backup',
  usage: ['backup [--to DIR]                  write one archive of the database and media (default BACKUP_DIR or ./backups)'],
  options: { to: { type: 'string' } },
  async run({ config, values }) {
    const dir = typeof values.to === 'string' ? path.resolve(values.to) : (config.backup.dir ?? path.resolve('backups'));
    const { createBackup } = await import('../platform/backup/index.ts');
    const media = await openMediaStorage(config);
    try {
      const summary = await withDatabase(config, (database) => createBackup({ database, databaseUrl: config.databaseUrl, media, dir, now: new Date() }));
      say(`Wrote ${summary.file} (${(summary.bytes / 1_048_576).toFixed(1)} MB: the database and ${summary.mediaFiles} media files).`);
      process.stdout.write(`${summary.file}\n`);
    } catch (error) {
      if (error instanceof DatabaseInUseError)
        throw new UsageError(
          `${error.message}\nThe embedded database can be backed up only by the process that holds it: stop the site for \`masthead backup\`, or set BACKUP_DIR and let the running site take scheduled backups.`,
        );
      throw error;
    } finally {
      await media.close();
    }
    return 0;
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  usage: ['restore FILE                       bring a backup back into an empty installation (checked whole before anything changes)'],
  async run({ config, args }) {
    const [file] = args;
    if (!file || args.length > 1) throw new UsageError('restore needs one FILE: the backup archive to bring back.');
    const { restoreBackup } = await import('../platform/backup/index.ts');
    const media = await openMediaStorage(config);
    let restored: Awaited<ReturnType<typeof restoreBackup>>;
    try {
      restored = await restoreBackup(path.resolve(file), { databaseUrl: config.databaseUrl, dataDir: config.dataDir, media }, readMigrations());
    } finally {
      await media.close();
    }
    say(
      `Restored the ${restored.engine === 'pglite' ? 'embedded' : 'PostgreSQL'} database and ${restored.mediaFiles} media files of the backup made ${restored.createdAt}. Start the site with \`masthead start\`.`,
    );
    return 0;
  },
};

export const moveToPostgresCommand: Command = {
  name: 'move-to-postgres',
  usage: ['move-to-postgres DATABASE_URL      move an embedded site onto an empty PostgreSQL database (stop the site first)'],
  async run({ config, args }) {
    const [url] = args;
    if (!url || args.length > 1) throw new UsageError('move-to-postgres needs one DATABASE_URL: the postgres:// address of an empty database.');
    if (config.databaseUrl) throw new UsageError('This site already runs on PostgreSQL (DATABASE_URL is set): there is nothing to move.');
    // Checked like DATABASE_URL itself: the message never shows the value, which holds a password.
    const target = loadConfig({ ...process.env, DATABASE_URL: url }).databaseUrl!;
    const parsed = new URL(target);
    if (parsed.password || parsed.searchParams.has('password'))
      say('Note: a password on the command line can be read by other users of this machine (ps) and stays in shell history; give it in PGPASSWORD next time.');
    const [{ moveToPostgres }, { openDatabase }] = await Promise.all([import('../platform/backup/index.ts'), import('../platform/db/open.ts')]);
    const source = await openDatabase({ dataDir: config.dataDir });
    try {
      const destination = await openDatabase({ databaseUrl: target, poolSize: 2 });
      try {
        const copied = await moveToPostgres(source, destination);
        say(`Moved ${copied.reduce((sum, t) => sum + t.rows, 0)} rows in ${copied.length} tables; each table's count checked.`);
        say('Media stay where they are. Start the site with DATABASE_URL set to the address you gave; keep DATA_DIR for the media.');
      } finally {
        await destination.close();
      }
    } finally {
      await source.close();
    }
    return 0;
  },
};
