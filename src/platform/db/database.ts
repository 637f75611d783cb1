import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import crypto from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { isPglite, pglitePreparedRows } from './pglite-prepared.ts';

/**
 * A drizzle handle on either engine, or a transaction inside one: repositories accept any.
 * Repositories write SQL and use the query builder with their own tables, never drizzle's
 * relational API, so the handle needs no schema (and the platform knows no domain's tables).
 */
export type Executor = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly engine: Engine;
  readonly db: Executor;
  /** Runs `work` in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T>;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** Publishes a message to every process listening on `channel` (PostgreSQL NOTIFY). */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Calls `handler` for every NOTIFY on `channel`; returns a function that stops listening. On
   * PostgreSQL the listening connection comes back when lost (a restart, a failover), and then
   * `onMissed` is called: what was announced meanwhile never arrives, so catch up another way.
   */
  listen(channel: string, handler: (payload: string) => void, onMissed?: () => void): Promise<() => Promise<void>>;
  /**
   * The embedded database's own dump of its data directory (gzip), taken inside the process that
   * holds it, consistent as of one moment; PostgreSQL has pg_dump instead (platform/backup).
   */
  dumpDataDir?(): Promise<Blob>;
  /** The connections in use and waited for (a pool on PostgreSQL; PGlite is one connection and says only that). */
  stats(): PoolStats;
  /** Whether announcements reach this process: the listening connection is up, or nothing needs one (PGlite hears in-process). */
  listening(): boolean;
  close(): Promise<void>;
}

export interface PoolStats {
  total: number;
  idle?: number;
  /** Queries waiting for a free connection. */
  waiting?: number;
}

/**
 * Rows of a hot raw query as a named prepared statement: the database parses and plans it once
 * per connection instead of on every call (the article read: 1.3 ms becomes 0.5 ms on
 * PostgreSQL, 1.8 ms becomes 0.7 ms on PGlite). Inside a transaction it runs as an ordinary
 * query: a transaction's handle has no client of its own.
 */
/** Statement names by SQL text: a hot query's name is computed once. The set of texts is fixed by the code. */
const statementNames = new Map<string, string>();

export async function preparedRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const internals = executor as unknown as {
    $client?: unknown;
    dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  };
  const client = internals.$client;
  if (!client) return rows<T>(executor, query);
  const { sql: text, params } = internals.dialect.sqlToQuery(query);
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `q${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  if (isPglite(client)) return pglitePreparedRows<T>(client, name, text, params);
  const result = await (client as { query(config: object): Promise<{ rows: T[] }> }).query({ name, text, values: params });
  return result.rows;
}

/** Rows of a raw query, typed by the caller. Both drivers return `{ rows }`. */
/**
 * A row of a raw SQL query before its repository maps it to a typed record: its columns are
 * what the query selected, by name, in whatever JavaScript type each engine's driver gives
 * (the mapper normalises them with platform/db/values.ts). The one `any` of the data layer:
 * a type naming each query's columns would repeat the SQL beside it, and the mappers' tests
 * on both engines check what comes back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlRow = Record<string, any>;

export async function rows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * The PostgreSQL error code (SQLSTATE, e.g. 23505 for a unique violation) of a failed query,
 * through drizzle's wrapper, on either engine; undefined for any other error.
 */
export function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
