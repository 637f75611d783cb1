import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './database.ts';
import { isContract } from './migration-safety.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** Any constant: every migrating process takes this advisory lock, so they run one at a time. */
const LOCK_KEY = 7_242_001;

interface JournalEntry {
  idx: number;
  tag: string;
}

export interface Migration {
  tag: string;
  sha256: string;
  statements: string[];
  /** Marked `-- contract`: it removes or changes what the release before still uses (migration-safety.ts). */
  contract: boolean;
}

/** Reads the migrations drizzle-kit wrote, in journal order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = fs.readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
      return {
        tag,
        sha256: crypto.createHash('sha256').update(text).digest('hex'),
        contract: isContract(text),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Applies pending migrations forward-only, each in its own transaction, recorded in
 * `schema_migrations`. We do not use drizzle's migrator because it applies every pending file
 * in one transaction and cannot tell us that an applied file was edited (docs/adr/0002).
 */
export async function migrate(
  database: Database,
  migrations = readMigrations(),
  warn: (message: string) => void = (message) => process.stderr.write(`masthead: ${message}\n`),
): Promise<string[]> {
  const { db } = database;
  await database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`create table if not exists schema_migrations (
      tag text primary key,
      sha256 text not null,
      applied_at timestamptz not null default now()
    )`);
    // Whether a migration contracted is recorded with it, so a release that does not know it can tell whether it may still run.
    await tx.execute(sql`alter table schema_migrations add column if not exists contract boolean not null default false`);
  });

  const recorded = await rows<{ tag: string; sha256: string; contract: boolean }>(db, sql`select tag, sha256, contract from schema_migrations`);
  const applied = new Map(recorded.map((r) => [r.tag, r.sha256]));
  checkNewer(
    recorded.filter((r) => !migrations.some((m) => m.tag === r.tag)),
    migrations.filter((m) => !applied.has(m.tag)),
    warn,
  );
  for (const migration of migrations) {
    const hash = applied.get(migration.tag);
    if (hash && hash !== migration.sha256) {
      throw new MigrationError(`Migration ${migration.tag} was edited after it was applied. Migrations are immutable: add a new one instead.`);
    }
  }

  const ran: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.tag)) continue;
    const didRun = await database.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
      // Another process may have applied it while we waited for the lock.
      const done = await rows(tx, sql`select 1 from schema_migrations where tag = ${migration.tag}`);
      if (done.length) return false;
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into schema_migrations (tag, sha256, contract) values (${migration.tag}, ${migration.sha256}, ${migration.contract})`);
      return true;
    });
    if (didRun) ran.push(migration.tag);
  }
  return ran;
}

/**
 * A database a newer release migrated: during a rolling upgrade, a machine of the release before
 * may start (or restart) on it. It may when the newer migrations only added (the rule in
 * migration-safety.ts), and is refused when one of them contracted, or when this release has a
 * migration the database lacks (the two releases went apart, not one after the other).
 */
function checkNewer(unknown: { tag: string; contract: boolean }[], pending: Migration[], warn: (message: string) => void): void {
  if (!unknown.length) return;
  const tags = unknown.map((m) => m.tag).join(', ');
  if (pending.length)
    throw new MigrationError(
      `The database has migrations this version of Masthead does not know (${tags}) and lacks some it has (${pending.map((m) => m.tag).join(', ')}): they come from releases that went apart.`,
    );
  const contracted = unknown.filter((m) => m.contract);
  if (contracted.length)
    throw new MigrationError(
      `The database was migrated by a newer release that removed what this one needs (${contracted.map((m) => m.tag).join(', ')}): run the newer release.`,
    );
  warn(`the database was migrated by a newer release (${tags}); they only added, so this one runs on it until it is upgraded`);
}
