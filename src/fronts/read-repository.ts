import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/database.ts';
import type { FrontLayout, FrontScope } from './model.ts';

/** What readers see of a front: its published layout, if it was ever published. */
export interface PublishedFront {
  frontId: string;
  layout: FrontLayout;
  /** The history number of this version. */
  number: number;
  publishedAt: Date;
}

/** A front's draft as the fronts tool and the preview read it. */
export interface FrontDraft {
  frontId: string;
  scope: FrontScope;
  layout: FrontLayout;
  version: number;
  savedAt: Date;
  actor: string;
}

const scopeCondition = (scope: FrontScope) => (scope.kind === 'edition' ? sql`edition = ${scope.edition}` : sql`section_id = ${scope.sectionId}::uuid`);

/** The front's id for a scope, or null when no editor has opened it yet. */
export async function frontIdFor(executor: Executor, scope: FrontScope): Promise<string | null> {
  const [row] = await rows<{ id: string }>(executor, sql`select id from fronts where ${scopeCondition(scope)}`);
  return row?.id ?? null;
}

/** The published layout of a scope's front, or null when none was ever published. */
export async function readPublished(executor: Executor, scope: FrontScope): Promise<PublishedFront | null> {
  const [row] = await rows<{ frontId: string; layout: FrontLayout; number: number; publishedAt: Date | string }>(
    executor,
    sql`select id as "frontId", published as layout, published_number as number, published_at as "publishedAt"
        from fronts where ${scopeCondition(scope)} and published is not null`,
  );
  return row ? { ...row, publishedAt: new Date(row.publishedAt) } : null;
}

/** A front's draft by the front's id, or null when there is no such front. */
export async function readDraft(executor: Executor, frontId: string): Promise<FrontDraft | null> {
  const [row] = await rows<{
    frontId: string;
    edition: string | null;
    sectionId: string | null;
    layout: FrontLayout;
    version: number;
    savedAt: Date | string;
    actor: string;
  }>(
    executor,
    sql`select id as "frontId", edition, section_id as "sectionId", draft as layout, draft_version as version,
               draft_saved_at as "savedAt", draft_actor as actor
        from fronts where id = ${frontId}::uuid`,
  );
  if (!row) return null;
  const scope: FrontScope = row.edition ? { kind: 'edition', edition: row.edition } : { kind: 'section', sectionId: row.sectionId! };
  return { frontId: row.frontId, scope, layout: row.layout, version: row.version, savedAt: new Date(row.savedAt), actor: row.actor };
}
