import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './database.ts';

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
export async function migrate(database: Database, migrations = readMigrations()): Promise<string[]> {
  const { db } = database;
  await database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`create table if not exists schema_migrations (
      tag text primary key,
      sha256 text not null,
      applied_at timestamptz not null default now()
    )`);
  });

  const applied = new Map((await rows<{ tag: string; sha256: string }>(db, sql`select tag, sha256 from schema_migrations`)).map((r) => [r.tag, r.sha256]));
  const known = new Set(migrations.map((m) => m.tag));
  const unknown = [...applied.keys()].filter((tag) => !known.has(tag));
  if (unknown.length) {
    throw new MigrationError(`The database has migrations this version of Masthead does not know (${unknown.join(', ')}): it was migrated by a newer release.`);
  }
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
      await tx.execute(sql`insert into schema_migrations (tag, sha256) values (${migration.tag}, ${migration.sha256})`);
      return true;
    });
    if (didRun) ran.push(migration.tag);
  }
  return ran;
}
