import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Engine } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { BackupError } from './manifest.ts';
import { connectionFor, findTool, runTool } from './pg-tools.ts';

async function serverMajor(database: Database): Promise<number> {
  const [row] = await rows<{ v: string }>(database.db, sql`select current_setting('server_version_num') as v`);
  return Math.floor(Number(row!.v) / 10_000);
}

/**
 * Writes the database to `file`, consistent as of one moment: PGlite's own dump of its data
 * directory, or pg_dump's custom format (one snapshot; without owners or grants, so it restores
 * under another role).
 */
export async function dumpDatabase(database: Database, databaseUrl: string | undefined, file: string): Promise<void> {
  if (database.engine === 'pglite') {
    if (!database.dumpDataDir) throw new Error('this embedded database cannot dump itself');
    const blob = await database.dumpDataDir();
    await fs.promises.writeFile(file, Buffer.from(await blob.arrayBuffer()));
    return;
  }
  if (!databaseUrl) throw new Error('a PostgreSQL backup needs its DATABASE_URL');
  const { dbname, env } = connectionFor(databaseUrl);
  await runTool(
    findTool('pg_dump', await serverMajor(database)),
    ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`],
    env,
  );
}

/** Whether the target holds nothing yet: a restore never mixes an archive with what is there. */
export async function assertEmptyTarget(engine: Engine, target: { databaseUrl?: string | undefined; dataDir: string }): Promise<void> {
  if (engine === 'pglite') {
    const dir = path.join(target.dataDir, 'pglite');
    if (fs.existsSync(dir) && fs.readdirSync(dir).length)
      throw new BackupError(`${dir} already holds a database: a restore goes into an empty installation. Move it away first.`);
    return;
  }
  const database = await openDatabase({ databaseUrl: target.databaseUrl, poolSize: 1 });
  try {
    const [row] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_tables where schemaname = current_schema()`);
    if (row!.n > 0) throw new BackupError('The database in DATABASE_URL already has tables: a restore goes into an empty database. Create a new one.');
  } finally {
    await database.close();
  }
}

/**
 * Loads a dump into the empty target, all or nothing: PGlite's into a folder beside DATA_DIR's
 * that is renamed into place once loaded; pg_dump's in one transaction that stops at the first error.
 */
export async function restoreDatabase(engine: Engine, file: string, target: { databaseUrl?: string | undefined; dataDir: string }): Promise<void> {
  if (engine === 'pglite') {
    const staging = fs.mkdtempSync(path.join(target.dataDir, '.restoring-'));
    try {
      const blob = new Blob([await fs.promises.readFile(file)]);
      const database = await openDatabase({ dataDir: staging, loadDataDir: blob });
      await database.close();
      // The dump was taken by a running site and carries its lock; that process is not this one.
      fs.rmSync(path.join(staging, 'pglite', 'masthead.lock'), { force: true });
      fs.rmSync(path.join(target.dataDir, 'pglite'), { recursive: true, force: true });
      fs.renameSync(path.join(staging, 'pglite'), path.join(target.dataDir, 'pglite'));
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
    return;
  }
  if (!target.databaseUrl) throw new BackupError('This backup is of a PostgreSQL database: set DATABASE_URL to the empty database to restore it into.');
  const database = await openDatabase({ databaseUrl: target.databaseUrl, poolSize: 1 });
  let major: number;
  try {
    major = await serverMajor(database);
  } finally {
    await database.close();
  }
  const { dbname, env } = connectionFor(target.databaseUrl);
  await runTool(findTool('pg_restore', major), ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${dbname}`, file], env);
}
