import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { fromJson, toDate } from '../../platform/db/values.ts';
import type { FrontLayout } from '../model.ts';

// Reading a front's history of published versions.

export interface VersionSummary {
  number: number;
  note: string;
  actor: string;
  publishedAt: Date;
  /** How many containers the version had, and how many stories editors placed in them. */
  containers: number;
  stories: number;
}

/** Versions numbered below `before` (all, without it), newest first. */
export async function listVersions(executor: Executor, frontId: string, options: { before?: number | undefined; limit: number }): Promise<VersionSummary[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select number, note, actor, published_at, jsonb_array_length(layout->'containers') as containers,
          (select coalesce(sum(jsonb_array_length(c->'cards')), 0) from jsonb_array_elements(layout->'containers') c) as stories
        from front_versions
        where front_id = ${frontId}::uuid ${options.before !== undefined ? sql`and number < ${options.before}` : sql``}
        order by number desc limit ${options.limit}`,
  );
  return found.map((row) => ({
    number: Number(row.number),
    note: row.note,
    actor: row.actor,
    publishedAt: toDate(row.published_at),
    containers: Number(row.containers),
    stories: Number(row.stories),
  }));
}

export async function findVersion(executor: Executor, frontId: string, number: number): Promise<{ number: number; layout: FrontLayout } | null> {
  const [row] = await rows<SqlRow>(executor, sql`select number, layout from front_versions where front_id = ${frontId}::uuid and number = ${number}`);
  return row ? { number: Number(row.number), layout: fromJson<FrontLayout>(row.layout) } : null;
}
