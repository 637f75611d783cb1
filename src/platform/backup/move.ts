import { sql } from 'drizzle-orm';
import { rows, type Database, type Executor } from '../db/database.ts';
import { migrate, readMigrations } from '../db/migrate.ts';
import { BackupError } from './manifest.ts';

/**
 * Moves a site from the embedded database onto a PostgreSQL server: the target gets the schema
 * from our own migrations (the same SQL on both engines), then every table's rows are copied as
 * JSON in foreign-key order and read back by the server's own input functions
 * (`json_populate_recordset`), so no value passes through a JavaScript type on the way. Not
 * pg_dump: the embedded database is PostgreSQL 18, and its dump carries settings an older
 * server refuses. The copy is one transaction on the target: all of it, or none
 * (the schema stays: a failed move is tried again in a new database).
 */

const BATCH = 500;

interface Table {
  name: string;
  /** Columns written on insert: not generated ones. */
  columns: string[];
  /** Columns filled from a sequence (identity or serial), to set past the copied values. */
  sequenced: string[];
  /** A foreign key to itself: its rows go in one statement, where the key is checked at the end. */
  selfReferencing: boolean;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function tablesOf(executor: Executor): Promise<Table[]> {
  const columns = await rows<{ table: string; column: string; generated: string; sequenced: boolean }>(
    executor,
    sql`select c.relname as table, a.attname as column, a.attgenerated as generated,
               (a.attidentity <> '' or pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null) as sequenced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = current_schema() and c.relkind = 'r' and c.relname <> 'schema_migrations'
        order by c.relname, a.attnum`,
  );
  const keys = await rows<{ child: string; parent: string }>(
    executor,
    sql`select c.relname as child, p.relname as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where k.contype = 'f' and n.nspname = current_schema()`,
  );
  const tables = new Map<string, Table>();
  for (const row of columns) {
    const table = tables.get(row.table) ?? { name: row.table, columns: [], sequenced: [], selfReferencing: false };
    if (!row.generated) table.columns.push(row.column);
    if (row.sequenced) table.sequenced.push(row.column);
    tables.set(row.table, table);
  }
  for (const { child, parent } of keys) if (child === parent) tables.get(child)!.selfReferencing = true;
  return inDependencyOrder([...tables.values()], keys);
}

/** Pure: parents before the tables that refer to them (keys to itself aside). */
export function inDependencyOrder<T extends { name: string }>(tables: T[], keys: { child: string; parent: string }[]): T[] {
  const ordered: T[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const byName = new Map(tables.map((table) => [table.name, table]));
  const place = (table: T) => {
    if (placed.has(table.name)) return;
    if (visiting.has(table.name)) throw new Error(`the foreign keys of ${table.name} go round in a circle`);
    visiting.add(table.name);
    for (const { child, parent } of keys) if (child === table.name && parent !== child && byName.has(parent)) place(byName.get(parent)!);
    visiting.delete(table.name);
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) place(table);
  return ordered;
}

async function count(executor: Executor, table: string): Promise<number> {
  return (await rows<{ n: number }>(executor, sql.raw(`select count(*)::int as n from ${ident(table)}`)))[0]!.n;
}

/** A new database: a move never mixes a site with what is there. */
async function assertEmpty(target: Database): Promise<void> {
  const [row] = await rows<{ n: number }>(target.db, sql`select count(*)::int as n from pg_tables where schemaname = current_schema()`);
  if (row!.n)
    throw new BackupError(
      'The target database already has tables: move into a new, empty database (after a move that failed, drop the database and create it again).',
    );
}

export async function moveToPostgres(source: Database, target: Database): Promise<{ table: string; rows: number }[]> {
  if (source.engine !== 'pglite') throw new BackupError('This site already runs on PostgreSQL: there is nothing to move.');
  if (target.engine !== 'postgres') throw new BackupError('move-to-postgres needs the postgres:// URL of the server to move onto.');
  await assertEmpty(target);
  const migrations = readMigrations();
  await migrate(source, migrations);
  await migrate(target, migrations);
  const tables = await tablesOf(source.db);
  const copied: { table: string; rows: number }[] = [];
  await source.transaction(async (from) => {
    // One snapshot of the source: the site is stopped, but the copy must not mix two moments anyway.
    await from.execute(sql`set transaction isolation level repeatable read`);
    await target.transaction(async (to) => {
      // What the migrations put in (the first editions) is in the source too, perhaps changed since: the source's rows replace it.
      for (const table of [...tables].reverse()) await to.execute(sql.raw(`delete from ${ident(table.name)}`));
      for (const table of tables) {
        const columns = table.columns.map(ident).join(', ');
        await from.execute(sql.raw(`declare move_rows no scroll cursor for select to_json(t)::text as row from ${ident(table.name)} t`));
        let total = 0;
        for (;;) {
          const batch = await rows<{ row: string }>(from, sql.raw(`fetch ${table.selfReferencing ? 'all' : BATCH} from move_rows`));
          if (!batch.length) break;
          await to.execute(
            sql`insert into ${sql.raw(ident(table.name))} (${sql.raw(columns)}) overriding system value
                select ${sql.raw(columns)} from json_populate_recordset(null::${sql.raw(ident(table.name))}, ${`[${batch.map((r) => r.row).join(',')}]`}::json)`,
          );
          total += batch.length;
        }
        await from.execute(sql`close move_rows`);
        for (const column of table.sequenced)
          await to.execute(
            sql.raw(
              `select setval(pg_get_serial_sequence('${ident(table.name).replaceAll("'", "''")}', '${column.replaceAll("'", "''")}'), coalesce(max(${ident(column)}), 1), max(${ident(column)}) is not null) from ${ident(table.name)}`,
            ),
          );
        if ((await count(to, table.name)) !== total) throw new Error(`${table.name}: ${total} rows read but a different number written`);
        copied.push({ table: table.name, rows: total });
      }
    });
  });
  return copied;
}
