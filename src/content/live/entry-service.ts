import crypto from 'node:crypto';
import { audit, recordedActor } from '../../platform/audit/repository.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import type { ContentDeps } from '../changes.ts';
import type { Block } from '../blocks.ts';
import { bodyText } from '../articles/body.ts';
import type { Actor } from '../articles/inputs.ts';
import { checkReferences, chooseBody, resolveAuthors } from '../articles/resolve.ts';
import { changeLive, type LiveChange } from './announce.ts';
import { getBlog } from './blog-service.ts';
import * as repo from './repository.ts';
import type { LiveBlogRecord, LiveEntryRecord } from './repository.ts';
import { assertEntryAction, assertOpenFor, type EntryAction } from './rules.ts';

// An entry's life: drafted (and autosaved), held for an editor, scheduled, published, edited, pinned, deleted.

export const PUBLISH_DUE_ENTRIES_JOB = 'live.publish-due-entries';

export interface EntryFields {
  title?: string;
  body?: Block[];
  bodyHtml?: string;
  bodyMarkdown?: string;
  /** Writers' author slugs, in byline order. */
  writers?: string[];
  keyEvent?: boolean;
  pinned?: boolean;
}

/** How an entry leaves the composer: published now, sent to an editor, or published at a set time. */
export type EntryRelease = { as: 'publish' } | { as: 'hold' } | { as: 'schedule'; at: Date };

/**
 * The caller's own check of a write, run inside its transaction on the entry (and blog) as
 * locked, before anything is written: it throws (a typed error) to refuse. Who may do what is
 * the caller's to say; content only promises the check sees what the write will change.
 */
export type EntryCheck = (entry: LiveEntryRecord, blog: LiveBlogRecord) => void;
/** The same for a new entry, which has only its blog to be judged by. */
export type BlogCheck = (blog: LiveBlogRecord) => void;

export async function getEntry(executor: Executor, id: string): Promise<LiveEntryRecord> {
  const entry = await repo.findEntry(executor, id);
  if (!entry) throw notFound('The entry');
  return entry;
}

/** The columns `fields` sets, checked (links, pictures, writers) against the blog they belong to. */
async function columnsOf(tx: Executor, articleId: string, fields: EntryFields) {
  const body = chooseBody(fields);
  const columns: Parameters<typeof repo.updateEntry>[3] = {};
  if (fields.title !== undefined) columns.title = fields.title;
  if (body !== undefined) {
    await checkReferences(tx, articleId, body, null);
    columns.body = body;
    columns.bodyText = bodyText(body);
  }
  if (fields.keyEvent !== undefined) columns.keyEvent = fields.keyEvent;
  if (fields.pinned !== undefined) columns.pinned = fields.pinned;
  const writers = fields.writers === undefined ? undefined : await resolveAuthors(tx, fields.writers, 'writers');
  return { columns, writers };
}

function assertReady(entry: LiveEntryRecord): void {
  if (!entry.title.trim() && !entry.body.length) throw invalid('body', 'An entry needs a title or some text before readers can see it.');
  if (!entry.writers.length) throw invalid('writers', 'An entry needs at least one writer before readers can see it.');
}

/** Saves with the version the writer edited; a stale one is refused with the entry as it now is, so both can be compared. */
async function saveVersioned(tx: Executor, entry: LiveEntryRecord, version: number, columns: Parameters<typeof repo.updateEntry>[3]) {
  const saved = await repo.updateEntry(tx, entry.id, version, columns);
  if (saved) return;
  throw conflict(
    `This entry was changed by someone else: you edited version ${version}, the current version is ${entry.version}. Compare the two and save again.`,
    'version',
    { currentVersion: entry.version, current: { title: entry.title, body: entry.body, keyEvent: entry.keyEvent, pinned: entry.pinned, status: entry.status } },
  );
}

/**
 * The entry, read after its blog is locked: every write to a blog's entries takes that lock
 * first, so two people releasing or editing one entry at once go one after the other, and the
 * second sees the first's result (a conflict, not a second publication).
 */
async function lockedEntry(tx: Executor, id: string, check: EntryCheck | undefined): Promise<LiveEntryRecord> {
  const blog = await getBlog(tx, (await getEntry(tx, id)).articleId, true);
  const entry = await getEntry(tx, id);
  check?.(entry, blog);
  return entry;
}

/**
 * Finishes a write and says what to announce. An entry that is or was on the page takes the
 * blog's next change number; pinning it first unpins the blog's other pinned entry (one at a
 * time, which a unique index also guarantees), and each entry so displaced takes its own
 * number before it, so a reader resuming from any of them misses none.
 */
async function visibleChange(tx: Executor, before: LiveEntryRecord, id: string, pinIt = false): Promise<LiveChange<LiveEntryRecord>> {
  const after = await getEntry(tx, id);
  const seen = before.status === 'published' || after.status === 'published';
  if (pinIt && after.status !== 'published') throw invalid('pinned', 'Only a published entry can be pinned: publish it first.');
  if (!seen) return { result: after, articleId: after.articleId, entryIds: [], change: 0 };
  const unpinned = pinIt && !after.pinned ? await repo.unpinOthers(tx, after.articleId, id) : [];
  if (pinIt && !after.pinned) await saveVersioned(tx, after, after.version, { pinned: true });
  for (const other of unpinned) await repo.setLastChange(tx, other, await repo.nextChange(tx, after.articleId));
  const change = await repo.nextChange(tx, after.articleId);
  await repo.setLastChange(tx, id, change);
  return { result: await getEntry(tx, id), articleId: after.articleId, entryIds: [...unpinned, id], change };
}

/** Moves the entry to where `release` sends it, inside the caller's transaction. */
async function releaseEntry(tx: Executor, entry: LiveEntryRecord, release: EntryRelease, now: Date) {
  const action: EntryAction = release.as;
  assertEntryAction(entry.status, action);
  assertOpenFor((await getBlog(tx, entry.articleId)).state, action);
  if (release.as === 'hold') return saveVersioned(tx, entry, entry.version, { status: 'held', modifiedAt: now });
  assertReady(entry);
  if (release.as === 'schedule') {
    if (release.at <= now) throw invalid('scheduledAt', 'scheduledAt must be in the future; publish the entry instead.');
    await enqueue(tx, PUBLISH_DUE_ENTRIES_JOB, {}, { runAt: release.at });
    return saveVersioned(tx, entry, entry.version, { status: 'scheduled', scheduledAt: release.at, modifiedAt: now });
  }
  const position = await repo.nextPosition(tx, entry.articleId);
  return saveVersioned(tx, entry, entry.version, { status: 'published', position, publishedAt: now, scheduledAt: null, modifiedAt: now });
}

/** Starts an entry (a draft, autosaved from then on) or, with `release`, sends it on at once. */
export function createEntry(
  deps: ContentDeps,
  articleId: string,
  fields: EntryFields,
  release: EntryRelease | null,
  who: Actor & { by?: { kind: string; id: string | null } },
  check?: BlogCheck,
): Promise<LiveEntryRecord> {
  return changeLive(deps, async (tx) => {
    const blog = await getBlog(tx, articleId, true);
    check?.(blog);
    assertOpenFor(blog.state, 'publish');
    const id = crypto.randomUUID();
    const { columns, writers } = await columnsOf(tx, articleId, { ...fields, pinned: undefined });
    await repo.insertEntry(tx, {
      ...columns,
      id,
      articleId,
      status: 'draft',
      createdBy: who.actor,
      creatorId: who.by?.kind === 'account' ? who.by.id : null,
      createdAt: who.now,
      modifiedAt: who.now,
    });
    if (writers) await repo.replaceWriters(tx, id, writers);
    const draft = await getEntry(tx, id);
    if (!release) return { result: draft, articleId, entryIds: [], change: 0 };
    await releaseEntry(tx, draft, release, who.now);
    return visibleChange(tx, draft, id, fields.pinned === true);
  });
}

/** Changes an entry's words, writers or marks; a published entry so changed reads "Updated". */
export function updateEntry(deps: ContentDeps, id: string, patch: EntryFields & { version: number }, who: Actor, check?: EntryCheck): Promise<LiveEntryRecord> {
  return changeLive(deps, async (tx) => {
    const before = await lockedEntry(tx, id, check);
    assertEntryAction(before.status, 'save');
    const { columns, writers } = await columnsOf(tx, before.articleId, { ...patch, pinned: patch.pinned === true ? undefined : patch.pinned });
    const wordsChanged = columns.title !== undefined || columns.body !== undefined || writers !== undefined;
    if (before.status === 'published' && wordsChanged) columns.updatedAt = who.now;
    await saveVersioned(tx, before, patch.version, { ...columns, modifiedAt: who.now });
    if (writers) await repo.replaceWriters(tx, id, writers);
    if (before.status === 'published' || before.status === 'scheduled') assertReady(await getEntry(tx, id));
    return visibleChange(tx, before, id, patch.pinned === true);
  });
}

/** Publishes, holds or schedules a drafted (or held, or scheduled) entry. */
export function releaseDraft(deps: ContentDeps, id: string, version: number, release: EntryRelease, who: Actor, check?: EntryCheck): Promise<LiveEntryRecord> {
  return changeLive(deps, async (tx) => {
    const before = await lockedEntry(tx, id, check);
    if (before.version !== version) await saveVersioned(tx, before, version, {});
    await releaseEntry(tx, before, release, who.now);
    return visibleChange(tx, before, id);
  });
}

/** Deletes an entry: readers lose it (live too); the newsroom's audit log keeps who did it. */
export function deleteEntry(deps: ContentDeps, id: string, version: number, who: Actor, check?: EntryCheck): Promise<LiveEntryRecord> {
  return changeLive(deps, async (tx) => {
    const before = await lockedEntry(tx, id, check);
    assertEntryAction(before.status, 'delete');
    await saveVersioned(tx, before, version, { status: 'deleted', pinned: false, keyEvent: false, modifiedAt: who.now });
    await audit(
      tx,
      recordedActor(who.actor),
      { action: 'live-entry.delete', targetType: 'article', targetId: before.articleId, details: { entryId: id, title: before.title } },
      who.now,
    );
    return visibleChange(tx, before, id);
  });
}

/**
 * The job: publishes every scheduled entry whose time has come, each in its own transaction and
 * announced. One that cannot go out (its blog closed meanwhile) is held for an editor instead,
 * so it neither blocks the others nor comes back at every run.
 */
export async function publishDueEntries(deps: ContentDeps, now: Date): Promise<number> {
  let published = 0;
  const system = { actor: 'system', now };
  for (const found of await repo.dueEntries(deps.database.db, now)) {
    let due = found;
    try {
      try {
        await releaseDraft(deps, due.id, due.version, { as: 'publish' }, system);
      } catch (error) {
        // Edited since it was found due (a new version): still scheduled and due, it goes with its words as they are now.
        if (!(error instanceof AppError) || error.code !== 'conflict') throw error;
        const latest = await repo.findEntry(deps.database.db, due.id);
        if (!latest || latest.status !== 'scheduled' || !latest.scheduledAt || latest.scheduledAt > now) continue;
        due = { id: latest.id, version: latest.version };
        await releaseDraft(deps, due.id, due.version, { as: 'publish' }, system);
      }
      published++;
    } catch (error) {
      if (!(error instanceof AppError) || !['conflict', 'invalid'].includes(error.code)) throw error;
      await holdFailed(deps, due, error.message, now);
    }
  }
  return published;
}

/** A scheduled entry that cannot go out is held for an editor, with the reason in the audit log. */
async function holdFailed(deps: ContentDeps, due: { id: string; version: number }, reason: string, now: Date): Promise<void> {
  await deps.database.transaction(async (tx) => {
    // Changed again meanwhile: whoever changed it has it in hand.
    if (!(await repo.updateEntry(tx, due.id, due.version, { status: 'held', scheduledAt: null, modifiedAt: now }))) return;
    await audit(tx, null, { action: 'live-entry.schedule-failed', targetType: 'live-entry', targetId: due.id, details: { entryId: due.id, reason } }, now);
  });
}
