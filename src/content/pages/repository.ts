import { and, asc, eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { pageRevisions, pages } from '../tables.ts';

// The site's own pages and their revisions: every SQL statement about them lives here.

export type PageRecord = typeof pages.$inferSelect;
export type PageRevisionRecord = typeof pageRevisions.$inferSelect;

export async function insertPage(executor: Executor, row: typeof pages.$inferInsert): Promise<void> {
  await executor.insert(pages).values(row);
}

/** Applies `changes` only if `version` is still current; bumps the version and stamps `now` (the service's clock) as modified. */
export async function updatePage(
  executor: Executor,
  id: string,
  version: number,
  changes: Partial<typeof pages.$inferInsert>,
  now: Date,
): Promise<{ version: number } | undefined> {
  const [row] = await executor
    .update(pages)
    .set({ ...changes, version: sql`${pages.version} + 1`, modifiedAt: now })
    .where(and(eq(pages.id, id), eq(pages.version, version)))
    .returning({ version: pages.version });
  return row;
}

export async function findPage(executor: Executor, by: { id: string } | { slug: string }): Promise<PageRecord | undefined> {
  const [row] = await executor
    .select()
    .from(pages)
    .where('id' in by ? eq(pages.id, by.id) : eq(pages.slug, by.slug));
  return row;
}

/** Every page, by title: the newsroom's list and the Admin API's. */
export function listPages(executor: Executor): Promise<PageRecord[]> {
  return executor.select().from(pages).orderBy(asc(pages.title), asc(pages.id));
}

/** Published pages, by title: the Content API's list (with their bodies). */
export function listPublishedPages(executor: Executor): Promise<PageRecord[]> {
  return executor.select().from(pages).where(eq(pages.status, 'published')).orderBy(asc(pages.title), asc(pages.id));
}

/** Only the slugs and titles of the published pages, by title: the footer's links, read on every directory reload. */
export function listPublishedPageLinks(executor: Executor): Promise<{ slug: string; title: string }[]> {
  return executor.select({ slug: pages.slug, title: pages.title }).from(pages).where(eq(pages.status, 'published')).orderBy(asc(pages.title), asc(pages.id));
}

/** The published pages' slugs and when each last changed: the sitemap of the site's own pages. */
export function listPublishedPageDates(executor: Executor): Promise<{ slug: string; modifiedAt: Date }[]> {
  return executor.select({ slug: pages.slug, modifiedAt: pages.modifiedAt }).from(pages).where(eq(pages.status, 'published')).orderBy(asc(pages.slug));
}

export async function deletePage(executor: Executor, id: string): Promise<void> {
  await executor.delete(pages).where(eq(pages.id, id));
}

export async function insertRevision(executor: Executor, row: typeof pageRevisions.$inferInsert): Promise<void> {
  await executor.insert(pageRevisions).values(row);
}

export interface PageRevisionSummary {
  version: number;
  action: string;
  actor: string;
  createdAt: Date;
  title: string;
}

/** The history list, newest first, without the snapshots. */
export async function listRevisions(executor: Executor, pageId: string, limit = 200): Promise<PageRevisionSummary[]> {
  const found = await rows<PageRevisionSummary & { createdAt: Date | string }>(
    executor,
    sql`select version, action, actor, created_at as "createdAt", coalesce(snapshot->>'title', '') as title
        from page_revisions where page_id = ${pageId} order by version desc limit ${limit}`,
  );
  return found.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

export async function findRevision(executor: Executor, pageId: string, version: number) {
  const [found] = await executor
    .select()
    .from(pageRevisions)
    .where(and(eq(pageRevisions.pageId, pageId), eq(pageRevisions.version, version)));
  return found;
}
