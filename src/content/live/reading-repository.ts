import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { ENTRY_COLUMNS, entryOf, type LiveEntryRecord } from './repository.ts';
import type { LiveBlogState } from './tables.ts';

// What readers and the newsroom read of a live blog: pages of entries, key events, what changed since an event.

/** Published entries with positions `from` to `to`, newest first. */
export async function publishedBetween(executor: Executor, articleId: string, from: number, to: number): Promise<LiveEntryRecord[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${ENTRY_COLUMNS} from live_entries e
      where e.article_id = ${articleId} and e.status = 'published' and e.position between ${from} and ${to}
      order by e.position desc`,
  );
  return found.map(entryOf);
}

/** The newest published entries (feeds, structured data), newest first. */
export async function latestPublished(executor: Executor, articleId: string, limit: number): Promise<LiveEntryRecord[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${ENTRY_COLUMNS} from live_entries e
      where e.article_id = ${articleId} and e.status = 'published' order by e.position desc limit ${limit}`,
  );
  return found.map(entryOf);
}

/** Up to `limit` published entries before position `before` (none: from the newest), newest first: the Content API's pages. */
export async function publishedBefore(executor: Executor, articleId: string, before: number | null, limit: number): Promise<LiveEntryRecord[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${ENTRY_COLUMNS} from live_entries e
      where e.article_id = ${articleId} and e.status = 'published' ${before === null ? sql`` : sql`and e.position < ${before}`}
      order by e.position desc limit ${limit}`,
  );
  return found.map(entryOf);
}

export async function pinnedEntry(executor: Executor, articleId: string): Promise<LiveEntryRecord | undefined> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select ${ENTRY_COLUMNS} from live_entries e where e.article_id = ${articleId} and e.pinned and e.status = 'published'`,
  );
  return row && entryOf(row);
}

export interface KeyEvent {
  id: string;
  title: string;
  /** The start of the entry's text, for a key event without a title. */
  excerpt: string;
  publishedAt: Date;
  position: number;
}

/** The blog's key events, newest first. */
export async function keyEvents(executor: Executor, articleId: string): Promise<KeyEvent[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select id, title, left(body_text, 160) as excerpt, published_at, position from live_entries
      where article_id = ${articleId} and key_event and status = 'published' order by position desc`,
  );
  return found.map((row) => ({
    id: String(row.id),
    title: String(row.title),
    excerpt: String(row.excerpt),
    publishedAt: new Date(row.published_at as string),
    position: Number(row.position),
  }));
}

/**
 * Published key events of open blogs last changed at `since` or later, across the site: what
 * alerts sweep for one whose announcement a stopped process never handled. Open blogs are few;
 * each one's entries are read through its (article, status) index.
 */
export async function recentKeyEventIds(executor: Executor, since: Date): Promise<string[]> {
  const found = await rows<{ id: string }>(
    executor,
    sql`select e.id from live_blogs b
      join live_entries e on e.article_id = b.article_id and e.status = 'published'
      where b.state = 'open' and e.key_event and e.modified_at >= ${since.toISOString()}::timestamptz`,
  );
  return found.map((row) => String(row.id));
}

/**
 * Entries whose reader-visible state changed after change number `after`, in change order, up
 * to `limit` (one more than that tells the caller the reader is too far behind to catch up).
 * Deleted entries come too, so a reader who saw one is told it is gone; drafts never do.
 */
export async function changedSince(executor: Executor, articleId: string, after: number, limit: number): Promise<LiveEntryRecord[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${ENTRY_COLUMNS} from live_entries e
      where e.article_id = ${articleId} and e.last_change > ${after} and e.position is not null and e.status in ('published', 'deleted')
      order by e.last_change limit ${limit}`,
  );
  return found.map(entryOf);
}

/**
 * The newsroom's view: every entry not deleted that its reader may see, newest first. Drafts
 * are their starter's alone, so only those `draftsOf` started come (an account's id, or null
 * for the drafts no account started: the Admin API's); the limit counts only what is returned.
 */
export async function newsroomEntries(executor: Executor, articleId: string, draftsOf: string | null, limit: number): Promise<LiveEntryRecord[]> {
  const ownDraft = draftsOf === null ? sql`e.creator_id is null` : sql`e.creator_id = ${draftsOf}`;
  const found = await rows<SqlRow>(
    executor,
    sql`select ${ENTRY_COLUMNS} from live_entries e
      where e.article_id = ${articleId} and e.status <> 'deleted' and (e.status <> 'draft' or ${ownDraft})
      order by (e.status = 'published'), coalesce(e.position, 0) desc, e.modified_at desc limit ${limit}`,
  );
  return found.map(entryOf);
}

/** Live-blog states of the given articles (cards and feeds mark open blogs "Live"). */
export async function blogStates(executor: Executor, articleIds: string[]): Promise<Map<string, LiveBlogState>> {
  if (!articleIds.length) return new Map();
  const found = await rows<SqlRow>(executor, sql`select article_id, state from live_blogs where article_id = any(${`{${articleIds.join(',')}}`}::uuid[])`);
  return new Map(found.map((row) => [String(row.article_id), row.state as LiveBlogState]));
}

/** Which page (by position) a published entry sits at, for its permalink; undefined if readers cannot see it. */
export async function entryPosition(executor: Executor, articleId: string, entryId: string): Promise<number | undefined> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select position from live_entries where id = ${entryId} and article_id = ${articleId} and status = 'published'`,
  );
  return row ? Number(row.position) : undefined;
}
