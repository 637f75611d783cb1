import { sql } from 'drizzle-orm';
import { rows, type Executor } from './database.ts';

/** One column of the application's schema, as the database itself describes it. */
export interface SchemaColumn {
  table: string;
  column: string;
  /** The table.column a foreign key on this column points to, if any. */
  references: string | null;
}

/**
 * Every column of every table in the current schema, with where its foreign key points, read
 * from the system catalogues (the same on PGlite and PostgreSQL): what is really there, not
 * what the code believes is there. pg_catalog rather than information_schema, whose views
 * cost PGlite tens of seconds for this question.
 */
export async function readSchemaColumns(executor: Executor): Promise<SchemaColumn[]> {
  return rows<SchemaColumn>(
    executor,
    sql`select cls.relname as "table", att.attname as "column",
               (select min(target.relname || '.' || target_column.attname)
                  from pg_constraint con
                  join pg_class target on target.oid = con.confrelid
                  join pg_attribute target_column
                    on target_column.attrelid = con.confrelid and target_column.attnum = con.confkey[array_position(con.conkey, att.attnum)]
                 where con.contype = 'f' and con.conrelid = cls.oid and att.attnum = any(con.conkey)) as "references"
          from pg_class cls
          join pg_namespace ns on ns.oid = cls.relnamespace and ns.nspname = current_schema()
          join pg_attribute att on att.attrelid = cls.oid and att.attnum > 0 and not att.attisdropped
         where cls.relkind in ('r', 'p')
         order by cls.relname, att.attnum`,
  );
}
