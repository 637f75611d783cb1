import crypto from 'node:crypto';
import { audit, type Actor as AuditActor } from '../../platform/audit/repository.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { bodyReferences, bodyText, checkBody } from '../articles/body.ts';
import type { Actor } from '../articles/inputs.ts';
import type { Block } from '../blocks.ts';
import type { ContentDeps } from '../changes.ts';
import { findImages } from '../images/repository.ts';
import { allocateSlug, withSlugConflict } from '../taxonomy/slugs.ts';
import type { Urls } from '../urls.ts';
import { versioned } from '../versioning.ts';
import { presentAdminPage } from './present.ts';
import * as repo from './repository.ts';
import type { PageRecord } from './repository.ts';
import { checkPageBlocks, checkPageTitle, footerChanged, isReservedPage, pageState } from './rules.ts';

// Writing the site's own pages: create, save (with the version edited), publish, withdraw, delete.
// Every write records a revision and, after its commit, announces the page (and the footer) changed.

export interface PageFields {
  title: string;
  slug?: string | undefined;
  summary?: string | undefined;
  body?: Block[] | undefined;
}
export type PagePatch = Partial<PageFields> & { version: number };

async function announced<T extends PageRecord | null>(deps: ContentDeps, write: (tx: Executor) => Promise<{ before: PageRecord | null; after: T }>) {
  const { before, after } = await withSlugConflict(() => deps.database.transaction(write));
  deps.events.pageChanged((after ?? before)!.id);
  // The footer of every page lists the live pages by title.
  if (footerChanged(before, after)) deps.events.everythingChanged();
  return after;
}

export async function getPage(executor: Executor, id: string): Promise<PageRecord> {
  const page = await repo.findPage(executor, { id });
  if (!page) throw notFound('The page');
  return page;
}

/** A page readers may see, or the fact that it was withdrawn (its id keys the cached 410, never shown). */
export type PublishedPageResult = { state: 'published'; page: PageRecord } | { state: 'withdrawn'; pageId: string };

/** What readers may see at /info/{slug}: a withdrawn page is gone (410), a draft does not exist. */
export async function getPublishedPage(executor: Executor, slug: string): Promise<PublishedPageResult> {
  const page = await repo.findPage(executor, { slug });
  const state = page ? pageState(page) : 'draft';
  if (page && state === 'withdrawn') return { state: 'withdrawn', pageId: page.id };
  if (!page || state !== 'published') throw notFound('The page');
  return { state: 'published', page };
}

/** The body checked (links, block kinds, images that exist) and made ready to store. */
async function checkedBody(executor: Executor, blocks: Block[]): Promise<Block[]> {
  const body = checkBody(blocks);
  checkPageBlocks(body);
  const refs = bodyReferences(body).images;
  const found = new Set((await findImages(executor, [...new Set(refs.map((r) => r.id))])).map((i) => i.id));
  for (const ref of refs) if (!found.has(ref.id)) throw invalid(ref.field, `${ref.field} names an image that does not exist.`);
  return body;
}

async function recordRevision(executor: Executor, id: string, action: string, who: Actor): Promise<PageRecord> {
  const page = await getPage(executor, id);
  const { title, slug, summary, body, status, publishedAt } = page;
  await repo.insertRevision(executor, {
    pageId: id,
    version: page.version,
    action,
    actor: who.actor,
    snapshot: JSON.parse(JSON.stringify({ title, slug, summary, body, status, publishedAt })) as Record<string, unknown>,
    createdAt: who.now,
  });
  return page;
}

export function createPage(deps: ContentDeps, input: PageFields & { publish?: boolean | undefined }, who: Actor): Promise<PageRecord> {
  return announced(deps, async (tx) => {
    checkPageTitle(input.title);
    const id = crypto.randomUUID();
    const body = await checkedBody(tx, input.body ?? []);
    const slug = await allocateSlug(tx, 'pages', { requested: input.slug, from: input.title, fallback: 'page' });
    const live = input.publish === true;
    await repo.insertPage(tx, {
      id,
      slug,
      status: live ? 'published' : 'draft',
      title: input.title,
      summary: input.summary ?? '',
      body,
      bodyText: bodyText(body),
      publishedAt: live ? who.now : null,
      createdAt: who.now,
      modifiedAt: who.now,
    });
    return { before: null, after: await recordRevision(tx, id, live ? 'create and publish' : 'create', who) };
  });
}

/** What a save records in the page's history: an edit, or a restore naming the revision it brought back. */
export type PageSaveAction = 'update' | `restored from revision ${number}`;

/**
 * Saves an edit made to `patch.version`. A stale version is refused (409) with both sides, as
 * fronts and navigation do: `yours` (the edit sent) and `theirs` (the page as saved now, as the
 * newsroom sees it), so a client can show them without reading the page again.
 */
export function savePage(deps: ContentDeps & { urls: Urls }, id: string, patch: PagePatch, who: Actor, action: PageSaveAction = 'update'): Promise<PageRecord> {
  return announced(deps, async (tx) => {
    const current = await getPage(tx, id);
    const changes: Parameters<typeof repo.updatePage>[3] = {};
    if (patch.title !== undefined) {
      checkPageTitle(patch.title);
      changes.title = patch.title;
    }
    if (patch.summary !== undefined) changes.summary = patch.summary;
    if (patch.body !== undefined) {
      changes.body = await checkedBody(tx, patch.body);
      changes.bodyText = bodyText(changes.body);
    }
    if (patch.slug !== undefined && patch.slug !== current.slug) {
      if (isReservedPage(current.slug))
        throw conflict(`The address of the "${current.slug}" page is fixed: the site's forms link to it. Edit its text instead.`, 'slug');
      changes.slug = await allocateSlug(tx, 'pages', { requested: patch.slug, from: '', fallback: '', exceptId: id });
    }
    if (current.status === 'published') changes.updatedAt = who.now;
    try {
      await versionedUpdate(tx, id, patch.version, changes, who.now);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'conflict')) throw error;
      const theirs = presentAdminPage(await getPage(tx, id), deps.urls);
      throw new AppError('conflict', error.message, error.field, { ...error.details, yours: patch, theirs });
    }
    return { before: current, after: await recordRevision(tx, id, action, who) };
  });
}

/**
 * Makes the page say what revision `from` said (its title and body; the address and summary
 * stay) as a new version, saved like any edit of `options.version`: a stale one is refused (409)
 * with both sides. History only grows, so the text being replaced stays restorable too.
 */
export async function restorePageRevision(
  deps: ContentDeps & { urls: Urls },
  id: string,
  from: number,
  options: { version: number },
  who: Actor,
): Promise<PageRecord> {
  await getPage(deps.database.db, id);
  const { snapshot } = await getRevision(deps.database.db, id, from);
  const patch: PagePatch = { version: options.version };
  if (typeof snapshot.title === 'string') patch.title = snapshot.title;
  if (Array.isArray(snapshot.body)) patch.body = snapshot.body as Block[];
  return savePage(deps, id, patch, who, `restored from revision ${from}`);
}

const versionedUpdate = (tx: Executor, id: string, version: number, changes: Parameters<typeof repo.updatePage>[3], now: Date) =>
  versioned(
    'The page',
    version,
    () => repo.updatePage(tx, id, version, changes, now),
    () => repo.findPage(tx, { id }),
  );

/** Puts the page live (again); `version` guards against publishing something unseen. */
export function publishPage(deps: ContentDeps, id: string, options: { version?: number | undefined }, who: Actor): Promise<PageRecord> {
  return announced(deps, async (tx) => {
    const current = await getPage(tx, id);
    if (current.status === 'published') return { before: current, after: current }; // a retried request is harmless
    const republished = current.publishedAt !== null;
    await versionedUpdate(
      tx,
      id,
      options.version ?? current.version,
      {
        status: 'published',
        publishedAt: current.publishedAt ?? who.now,
        updatedAt: republished ? who.now : null,
      },
      who.now,
    );
    return { before: current, after: await recordRevision(tx, id, 'publish', who) };
  });
}

/** Takes the page off the site: its address answers 410 until it is published again. */
export function withdrawPage(deps: ContentDeps, id: string, options: { version?: number | undefined }, who: Actor): Promise<PageRecord> {
  return announced(deps, async (tx) => {
    const current = await getPage(tx, id);
    if (current.status !== 'published') return { before: current, after: current };
    await versionedUpdate(tx, id, options.version ?? current.version, { status: 'draft' }, who.now);
    return { before: current, after: await recordRevision(tx, id, 'withdraw', who) };
  });
}

/**
 * Deletes a page and its revisions; the pages the site's forms link to cannot be deleted. The
 * audit log keeps its title and address, written in the same transaction.
 */
export async function deletePage(deps: ContentDeps, id: string, who: { by: AuditActor; now: Date }): Promise<void> {
  await announced(deps, async (tx) => {
    const current = await getPage(tx, id);
    if (isReservedPage(current.slug)) throw conflict(`The "${current.slug}" page cannot be deleted: the site's forms link to it. Edit it instead.`);
    await repo.deletePage(tx, id);
    await audit(
      tx,
      who.by,
      { action: 'page.delete', targetType: 'page', targetId: current.id, details: { title: current.title, slug: current.slug } },
      who.now,
    );
    return { before: current, after: null };
  });
}

export async function listRevisions(executor: Executor, id: string) {
  await getPage(executor, id);
  return repo.listRevisions(executor, id);
}

export async function getRevision(executor: Executor, id: string, version: number) {
  const revision = await repo.findRevision(executor, id, version);
  if (!revision) throw notFound('That revision');
  return revision;
}

export const listPages = repo.listPages;
export const listPublishedPages = repo.listPublishedPages;
export const listPublishedPageLinks = repo.listPublishedPageLinks;
export const listPublishedPageDates = repo.listPublishedPageDates;
export type { PageRecord, PageRevisionSummary } from './repository.ts';
