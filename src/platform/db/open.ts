import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database, Executor } from './database.ts';
import { acquirePgliteLock } from './pglite-lock.ts';
import { PgListener } from './pg-listener.ts';

/** PGlite gives int8 as numbers; make `pg` agree so repositories see one shape. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database; `undefined` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** A `dumpDataDir()` tarball to start the embedded database from (tests clone a template). */
  loadDataDir?: Blob | File | undefined;
  /** Connections per process on PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const dir = options.dataDir ? path.join(options.dataDir, 'pglite') : undefined;
  const release = dir ? acquirePgliteLock(dir) : () => {};
  let client: PGlite;
  try {
    client = new PGlite({
      ...(dir ? { dataDir: dir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      // PostgreSQL's default 128 MB of shared buffers is sized for a server with a machine to
      // itself; a newsroom's working set fits in far less, and the embedded site keeps its RSS.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB', '-c', 'wal_buffers=1MB'],
    });
    await client.waitReady;
  } catch (error) {
    release();
    throw error;
  }
  const db = drizzlePglite(client) as unknown as Executor;
  let closed = false;
  return {
    engine: 'pglite',
    db,
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Executor)),
    ping: async () => {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    notify: async (channel, payload) => {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    listen: async (channel, handler) => {
      const unsubscribe = await client.listen(channel, handler);
      return async () => unsubscribe();
    },
    dumpDataDir: () => client.dumpDataDir('gzip'),
    stats: () => ({ total: 1 }),
    listening: () => !closed,
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
      release();
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes, application_name: 'masthead' });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg(pool) as unknown as Executor;
  // LISTEN needs a connection of its own that stays open, outside the pool, and comes back when lost.
  const listener = new PgListener({ connectionString: url, types: pgTypes });
  let closed = false;

  await db.execute(sql`select 1`);
  return {
    engine: 'postgres',
    db,
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Executor)),
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    notify: async (channel, payload) => {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    listen: (channel, handler, onMissed) => listener.listen(channel, handler, onMissed),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    listening: () => !closed && listener.listening,
    close: async () => {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
}
