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
 * from information_schema (the same on PGlite and PostgreSQL): what is really there, not what
 * the code believes is there.
 */
export async function readSchemaColumns(executor: Executor): Promise<SchemaColumn[]> {
  return rows<SchemaColumn>(
    executor,
    sql`select c.table_name as "table", c.column_name as "column",
               (select min(target.table_name || '.' || target.column_name)
                  from information_schema.key_column_usage source
                  join information_schema.referential_constraints rc
                    on rc.constraint_schema = source.constraint_schema and rc.constraint_name = source.constraint_name
                  join information_schema.key_column_usage target
                    on target.constraint_schema = rc.unique_constraint_schema and target.constraint_name = rc.unique_constraint_name
                   and target.ordinal_position = source.position_in_unique_constraint
                 where source.table_schema = c.table_schema and source.table_name = c.table_name and source.column_name = c.column_name) as "references"
          from information_schema.columns c
          join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
         where c.table_schema = current_schema()
         order by c.table_name, c.ordinal_position`,
  );
}
