import {
  liveBlogs,
  pageCount,
  pageOf,
  pageRange,
  presentEntries,
  type KeyEvent,
  type LiveBlogRecord,
  type LiveEntryView,
  type Urls,
} from '../../content/index.ts';
import type { Executor } from '../../platform/db/database.ts';

/** Which page of a live blog: its latest (the article's own address) or an older one by number. */
export type LivePageRef = 'latest' | number;

export interface LivePageView {
  blog: LiveBlogRecord;
  /** The page's number counted from the oldest; the latest page is `pages`. */
  page: number;
  pages: number;
  /** The page's entries in the blog's order (without the pinned one on the latest page). */
  entries: LiveEntryView[];
  /** The pinned entry, shown first on the latest page only. */
  pinned: LiveEntryView | null;
  /** Key events, newest first, on the latest page only. */
  keyEvents: KeyEvent[];
}

/**
 * One page of a live blog: one query for the page's entries and, on the latest page, one for the
 * key events and one for the pinned entry (plus one for the pictures they show), however long the
 * blog. `undefined` for an older page that does not exist (yet, or any more).
 */
export async function loadLivePage(db: Executor, urls: Urls, blog: LiveBlogRecord, ref: LivePageRef): Promise<LivePageView | undefined> {
  const pages = pageCount(blog.lastPosition);
  const latest = ref === 'latest';
  const page = latest ? pages : ref;
  if (!latest && (!Number.isSafeInteger(page) || page < 1 || page >= pages)) return undefined;
  const { from, to } = pageRange(page, blog.lastPosition);
  const [records, keyEvents, pinnedRecord] = await Promise.all([
    liveBlogs.publishedBetween(db, blog.articleId, from, to),
    latest ? liveBlogs.keyEvents(db, blog.articleId) : [],
    latest ? liveBlogs.pinnedEntry(db, blog.articleId) : undefined,
  ]);
  const shown = pinnedRecord ? records.filter((r) => r.id !== pinnedRecord.id) : records;
  const presented = await presentEntries(db, pinnedRecord ? [pinnedRecord, ...shown] : shown, urls);
  const pinned = pinnedRecord ? presented.shift()! : null;
  const entries = blog.entryOrder === 'oldest' ? presented.reverse() : presented;
  return { blog, page, pages, entries, pinned, keyEvents };
}

/** The page an entry readers can see sits on now (`latest` or its number); `undefined` when they cannot see it. */
export async function pageOfEntry(db: Executor, blog: LiveBlogRecord, entryId: string): Promise<LivePageRef | undefined> {
  const position = await liveBlogs.entryPosition(db, blog.articleId, entryId);
  if (position === undefined) return undefined;
  const page = pageOf(position, blog.lastPosition);
  return page >= pageCount(blog.lastPosition) ? 'latest' : page;
}
