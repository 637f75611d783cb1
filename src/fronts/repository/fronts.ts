import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { fromJson, toDate, toDateOrNull } from '../../platform/db/values.ts';
import type { FrontLayout, FrontScope } from '../model.ts';

// Writing a front's row: creating it, its draft with the version check, and what readers see.

/** A front's row as the services decide on it (locked inside a transaction). */
export interface FrontRow {
  id: string;
  scope: FrontScope;
  draft: FrontLayout;
  version: number;
  savedAt: Date;
  actor: string;
  published: FrontLayout | null;
  publishedNumber: number | null;
  publishedAt: Date | null;
  /** The draft is exactly what readers see. */
  draftIsPublished: boolean;
}

const columns = sql`id, edition, section_id, draft, draft_version, draft_saved_at, draft_actor, published, published_number, published_at,
  coalesce(draft = published, false) as draft_is_published`;

function toFront(row: SqlRow): FrontRow {
  return {
    id: row.id,
    scope: row.edition ? { kind: 'edition', edition: row.edition } : { kind: 'section', sectionId: row.section_id },
    draft: fromJson<FrontLayout>(row.draft),
    version: Number(row.draft_version),
    savedAt: toDate(row.draft_saved_at),
    actor: row.draft_actor,
    published: row.published === null ? null : fromJson<FrontLayout>(row.published),
    publishedNumber: row.published_number === null ? null : Number(row.published_number),
    publishedAt: toDateOrNull(row.published_at),
    draftIsPublished: Boolean(row.draft_is_published),
  };
}

/** Creates the scope's front unless it exists (two editors opening it at once make one). */
export async function insertFront(executor: Executor, front: { id: string; scope: FrontScope; draft: FrontLayout; actor: string; now: Date }): Promise<void> {
  const { scope } = front;
  await executor.execute(
    sql`insert into fronts (id, edition, section_id, draft, draft_version, draft_saved_at, draft_actor, created_at)
        values (${front.id}::uuid, ${scope.kind === 'edition' ? scope.edition : null}, ${scope.kind === 'section' ? scope.sectionId : null}::uuid,
                ${JSON.stringify(front.draft)}::jsonb, 1, ${front.now.toISOString()}::timestamptz, ${front.actor}, ${front.now.toISOString()}::timestamptz)
        on conflict do nothing`,
  );
}

export async function findFront(executor: Executor, id: string, options: { lock?: boolean } = {}): Promise<FrontRow | null> {
  const [row] = await rows<SqlRow>(executor, sql`select ${columns} from fronts where id = ${id}::uuid ${options.lock ? sql`for update` : sql``}`);
  return row ? toFront(row) : null;
}

/** Every front that exists, for the list of fronts. */
export async function listFronts(executor: Executor): Promise<FrontRow[]> {
  return (await rows<SqlRow>(executor, sql`select ${columns} from fronts`)).map(toFront);
}

/** Saves the draft if it is still at `version`; returns the front as saved, or null when someone saved first. */
export async function updateDraft(
  executor: Executor,
  id: string,
  draft: { layout: FrontLayout; version: number; actor: string; now: Date },
): Promise<FrontRow | null> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`update fronts set draft = ${JSON.stringify(draft.layout)}::jsonb, draft_version = draft_version + 1,
          draft_saved_at = ${draft.now.toISOString()}::timestamptz, draft_actor = ${draft.actor}
        where id = ${id}::uuid and draft_version = ${draft.version}
        returning ${columns}`,
  );
  return row ? toFront(row) : null;
}

/**
 * Publishes a layout: the next numbered version in the history, and what readers see. The
 * caller holds the front's row lock, so two publishes cannot take the same number.
 */
export async function insertPublished(
  executor: Executor,
  id: string,
  version: { layout: FrontLayout; note: string; actor: string; now: Date },
): Promise<{ number: number; publishedAt: Date }> {
  const at = version.now.toISOString();
  const [row] = await rows<SqlRow>(
    executor,
    sql`insert into front_versions (front_id, number, layout, note, actor, published_at)
        select ${id}::uuid, coalesce(max(number), 0) + 1, ${JSON.stringify(version.layout)}::jsonb, ${version.note}, ${version.actor}, ${at}::timestamptz
        from front_versions where front_id = ${id}::uuid
        returning number, published_at`,
  );
  const number = Number(row!.number);
  await executor.execute(
    sql`update fronts set published = ${JSON.stringify(version.layout)}::jsonb, published_number = ${number}, published_at = ${at}::timestamptz
        where id = ${id}::uuid`,
  );
  return { number, publishedAt: toDate(row!.published_at) };
}
