import crypto from 'node:crypto';
import type { AppContext } from '../context.ts';
import { audit, type LoggedActor } from '../platform/audit/repository.ts';
import type { Executor } from '../platform/db/database.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { describeFront, topLevelSections } from './directory.ts';
import type { FrontLayout, FrontScope } from './model.ts';
import { findFront, insertFront, insertPublished, updateDraft, type FrontRow } from './repository/fronts.ts';
import { findVersion } from './repository/history.ts';
import { frontIdFor } from './read-repository.ts';
import { startingLayout } from './scopes.ts';
import { assertUsableLayout } from './stories.ts';

/** What the fronts services need of the app: the database, the change events, the site's addresses. */
export type FrontsContext = Pick<AppContext, 'database' | 'events' | 'urls'>;

/** Who is acting and when: `account:NAME` for staff, `token:NAME` for the Admin API. */
export interface Actor {
  actor: string;
  now: Date;
  /** Whom the audit log names (absent: the system, as for the demo's seeding). */
  by?: LoggedActor | null;
}

/** Records a fronts action in the audit log, inside the caller's transaction. */
export function auditFront(tx: Executor, who: Actor, action: string, frontId: string, details: Record<string, unknown>): Promise<void> {
  return audit(tx, who.by ?? null, { action, targetType: 'front', targetId: frontId, details: { actor: who.actor, ...details } }, who.now);
}

/** What the other editor saved, for a stale save's answer. */
export interface TheirDraft {
  layout: FrontLayout;
  version: number;
  actor: string;
  savedAt: string;
}

/** A save or publish against a draft someone else has saved since: both versions, so the editor can choose. */
export class FrontConflict extends AppError {
  constructor(
    readonly yours: FrontLayout | null,
    readonly theirs: TheirDraft,
  ) {
    super('conflict', `${theirs.actor || 'Someone'} saved this front (version ${theirs.version}) after you opened it.`, 'version', { yours, theirs });
  }
}

/** The draft as a stale write's 409 shows it: what the other editor saved, with its version. */
export const theirsOf = (row: FrontRow): TheirDraft => ({ layout: row.draft, version: row.version, actor: row.actor, savedAt: row.savedAt.toISOString() });

/** The front's row locked for a write, or 404. */
export async function lockFront(tx: Executor, frontId: string): Promise<FrontRow> {
  const row = await findFront(tx, frontId, { lock: true });
  if (!row) throw notFound('The front');
  return row;
}

/**
 * The scope's front, made the first time anyone opens it: its draft starts as the layout
 * readers already see (the starting layout), so opening changes nothing for readers.
 * Idempotent, also when two editors open it at once.
 */
export async function openFront(ctx: FrontsContext, scope: FrontScope, who: Actor): Promise<string> {
  const db = ctx.database.db;
  const existing = await frontIdFor(db, scope);
  if (existing) return existing;
  if (!(await describeFront(db, ctx.urls, scope))) throw notFound(scope.kind === 'edition' ? `The edition “${scope.edition}”` : 'The section');
  const draft = startingLayout(scope, scope.kind === 'edition' ? await topLevelSections(db) : []);
  await insertFront(db, { id: crypto.randomUUID(), scope, draft, actor: who.actor, now: who.now });
  return (await frontIdFor(db, scope))!;
}

/**
 * Saves the draft the editor made from `version`, answering the front as saved; refuses a bad
 * layout or a stale version, writing nothing.
 */
export async function saveDraft(ctx: FrontsContext, frontId: string, layout: FrontLayout, version: number, who: Actor): Promise<FrontRow> {
  if (!(await findFront(ctx.database.db, frontId))) throw notFound('The front');
  await assertUsableLayout(ctx.database.db, layout);
  return ctx.database.transaction(async (tx) => {
    const row = await lockFront(tx, frontId);
    if (row.version !== version) throw new FrontConflict(layout, theirsOf(row));
    return (await updateDraft(tx, frontId, { layout, version, actor: who.actor, now: who.now }))!;
  });
}

/** Publishes the draft as it was at `version`: a new numbered version readers see at once. */
export async function publishDraft(ctx: FrontsContext, frontId: string, version: number, who: Actor): Promise<{ number: number; publishedAt: Date }> {
  const published = await ctx.database.transaction(async (tx) => {
    const row = await lockFront(tx, frontId);
    if (row.version !== version) throw new FrontConflict(null, theirsOf(row));
    const result = await insertPublished(tx, frontId, { layout: row.draft, note: 'published', actor: who.actor, now: who.now });
    await auditFront(tx, who, 'front.publish', frontId, { number: result.number, version });
    return result;
  });
  ctx.events.frontChanged(frontId);
  return published;
}

/**
 * Publishes a copy of an earlier version as the newest, and makes it the draft too. The draft
 * has no history of its own, so a restore from a stale `version` is refused like a stale save:
 * another editor's saved, unpublished work is never overwritten unseen.
 */
export async function restoreVersion(
  ctx: FrontsContext,
  frontId: string,
  number: number,
  version: number,
  who: Actor,
): Promise<{ number: number; publishedAt: Date }> {
  const published = await ctx.database.transaction(async (tx) => {
    const row = await lockFront(tx, frontId);
    const earlier = await findVersion(tx, frontId, number);
    if (!earlier) throw notFound(`Version ${number} of this front`);
    if (row.version !== version) throw new FrontConflict(earlier.layout, theirsOf(row));
    const result = await insertPublished(tx, frontId, { layout: earlier.layout, note: `restored from ${number}`, actor: who.actor, now: who.now });
    await updateDraft(tx, frontId, { layout: earlier.layout, version: row.version, actor: who.actor, now: who.now });
    await auditFront(tx, who, 'front.restore', frontId, { number: result.number, restoredFrom: number });
    return result;
  });
  ctx.events.frontChanged(frontId);
  return published;
}

/** A front's row, or 404. */
export async function getFront(ctx: FrontsContext, frontId: string): Promise<FrontRow> {
  const row = await findFront(ctx.database.db, frontId);
  if (!row) throw notFound('The front');
  return row;
}
