import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/open.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Database, Engine } from '../../src/platform/db/database.ts';

/**
 * A fresh, migrated database for one test file, on the engine the runner chose
 * (MASTHEAD_TEST_ENGINE). PGlite databases are clones of one migrated template (creating one
 * from scratch takes seconds); PostgreSQL ones are `CREATE DATABASE ... TEMPLATE` copies.
 * scripts/test.ts prepares both templates; run alone, a file builds its own.
 */

export const engine: Engine = process.env.MASTHEAD_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  database: Database;
  /** postgres:// URL of this database (PostgreSQL only), to reopen it as a restart would. */
  url?: string;
  /** Closes the connection and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
}

let templateBlob: Blob | undefined;

export async function pgliteTemplate(): Promise<Blob> {
  if (templateBlob) return templateBlob;
  const file = process.env.MASTHEAD_PGLITE_TEMPLATE;
  if (file && fs.existsSync(file)) {
    templateBlob = new Blob([fs.readFileSync(file)]);
  } else {
    const database = await openDatabase({});
    await migrate(database);
    templateBlob = await dumpPglite(database);
    await database.close();
  }
  return templateBlob;
}

/**
 * The data directory of an in-memory PGlite database as a tarball, uncompressed: every test file
 * loads one, and 40 MB read from disk costs less than gunzipping 5 MB each time.
 */
export async function dumpPglite(database: Database): Promise<Blob> {
  const client = (database.db as unknown as { $client: { dumpDataDir(compression: 'none'): Promise<Blob> } }).$client;
  return client.dumpDataDir('none');
}

function adminUrl(): string {
  const url = process.env.MASTHEAD_TEST_PG_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('MASTHEAD_TEST_ENGINE=postgres needs MASTHEAD_TEST_PG_URL or TEST_DATABASE_URL (npm test provides one).');
  return url;
}

export const withDatabaseName = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.href;
};

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The template's name carries the migrations it was made from, so a server that outlives a
 * run (TEST_DATABASE_URL) never hands out a template from before the latest migration.
 */
const migrationsHash = crypto
  .createHash('sha256')
  .update(fs.readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url)))
  .digest('hex')
  .slice(0, 10);
export const PG_TEMPLATE = process.env.MASTHEAD_PG_TEMPLATE ?? `masthead_template_${migrationsHash}`;

/** Creates and migrates the template database if it is not there yet. */
export async function ensurePgTemplate(): Promise<void> {
  const exists = await admin((c) => c.query('select 1 from pg_database where datname = $1', [PG_TEMPLATE]));
  if (exists.rowCount) return;
  await admin((c) => c.query(`create database ${pg.escapeIdentifier(PG_TEMPLATE)}`));
  const database = await openDatabase({ databaseUrl: withDatabaseName(adminUrl(), PG_TEMPLATE), poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}

export async function createTestDatabase(options: { dataDir?: string } = {}): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: options.dataDir, loadDataDir: await pgliteTemplate() });
    return { database, dispose: () => database.close() };
  }
  await ensurePgTemplate();
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${pg.escapeIdentifier(PG_TEMPLATE)}`));
  const url = withDatabaseName(adminUrl(), name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  return {
    database,
    url,
    dispose: async () => {
      await database.close();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** An empty PostgreSQL database (no tables), for what must start from nothing: a restore, a move. */
export async function createEmptyPgDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `e_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  return { url: withDatabaseName(adminUrl(), name), dispose: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}) };
}
