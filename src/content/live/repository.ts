import { and, eq, sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { Block } from '../blocks.ts';
import { liveBlogs, liveEntries, liveEntryAuthors, type LiveBlogOrder, type LiveBlogState, type LiveEntryStatus } from './tables.ts';

// The SQL of live blogs: the blog's row, its entries and their writers, and the reads the site and APIs render from.

export interface LiveBlogRecord {
  articleId: string;
  state: LiveBlogState;
  entryOrder: LiveBlogOrder;
  holdEntries: boolean;
  coverageStartedAt: Date | null;
  coverageEndedAt: Date | null;
  lastPosition: number;
  lastChange: number;
  version: number;
}

export interface EntryWriter {
  id: string;
  slug: string;
  name: string;
}

export interface LiveEntryRecord {
  id: string;
  articleId: string;
  status: LiveEntryStatus;
  title: string;
  body: Block[];
  bodyText: string;
  keyEvent: boolean;
  pinned: boolean;
  position: number | null;
  publishedAt: Date | null;
  scheduledAt: Date | null;
  updatedAt: Date | null;
  lastChange: number;
  createdBy: string;
  creatorId: string | null;
  version: number;
  createdAt: Date;
  modifiedAt: Date;
  writers: EntryWriter[];
}

const date = (value: unknown): Date | null => (value == null ? null : new Date(value as string));

const blogOf = (row: SqlRow): LiveBlogRecord => ({
  articleId: row.article_id,
  state: row.state,
  entryOrder: row.entry_order,
  holdEntries: row.hold_entries,
  coverageStartedAt: date(row.coverage_started_at),
  coverageEndedAt: date(row.coverage_ended_at),
  lastPosition: Number(row.last_position),
  lastChange: Number(row.last_change),
  version: Number(row.version),
});

export const entryOf = (row: SqlRow): LiveEntryRecord => ({
  id: row.id,
  articleId: row.article_id,
  status: row.status,
  title: row.title,
  body: typeof row.body === 'string' ? (JSON.parse(row.body) as Block[]) : row.body,
  bodyText: row.body_text,
  keyEvent: row.key_event,
  pinned: row.pinned,
  position: row.position == null ? null : Number(row.position),
  publishedAt: date(row.published_at),
  scheduledAt: date(row.scheduled_at),
  updatedAt: date(row.updated_at),
  lastChange: Number(row.last_change),
  createdBy: row.created_by,
  creatorId: row.creator_id ?? null,
  version: Number(row.version),
  createdAt: new Date(row.created_at),
  modifiedAt: new Date(row.modified_at),
  writers: (typeof row.writers === 'string' ? JSON.parse(row.writers) : row.writers) ?? [],
});

/** Every entry column and its writers, in byline order. */
export const ENTRY_COLUMNS = sql.raw(`e.id, e.article_id, e.status, e.title, e.body, e.body_text, e.key_event, e.pinned, e.position, e.published_at,
  e.scheduled_at, e.updated_at, e.last_change, e.created_by, e.creator_id, e.version, e.created_at, e.modified_at,
  coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'slug', a.slug, 'name', a.name) order by ea.position)
    from live_entry_authors ea join authors a on a.id = ea.author_id where ea.entry_id = e.id), '[]'::jsonb) as writers`);

export async function findBlog(executor: Executor, articleId: string, lock = false): Promise<LiveBlogRecord | undefined> {
  const [row] = await rows<SqlRow>(executor, sql`select * from live_blogs where article_id = ${articleId} ${lock ? sql`for update` : sql``}`);
  return row && blogOf(row);
}

/**
 * Makes the blog unless the article already is one; false then. A second maker racing the
 * first waits for its commit and then finds the row there, rather than failing on the key.
 */
export async function insertBlog(executor: Executor, row: typeof liveBlogs.$inferInsert): Promise<boolean> {
  const made = await executor.insert(liveBlogs).values(row).onConflictDoNothing({ target: liveBlogs.articleId }).returning({ articleId: liveBlogs.articleId });
  return made.length > 0;
}

/** Applies `changes` only if `version` is still current; bumps the version. */
export async function updateBlog(executor: Executor, articleId: string, version: number, changes: Partial<typeof liveBlogs.$inferInsert>) {
  const [row] = await executor
    .update(liveBlogs)
    .set({ ...changes, version: sql`${liveBlogs.version} + 1` })
    .where(and(eq(liveBlogs.articleId, articleId), eq(liveBlogs.version, version)))
    .returning({ version: liveBlogs.version });
  return row;
}

/** The blog's next change number (readers' event ids), taken under the row lock of the caller's transaction. */
export async function nextChange(executor: Executor, articleId: string): Promise<number> {
  const [row] = await rows<SqlRow>(executor, sql`update live_blogs set last_change = last_change + 1 where article_id = ${articleId} returning last_change`);
  return Number(row!.last_change);
}

/** The next position for a newly published entry. */
export async function nextPosition(executor: Executor, articleId: string): Promise<number> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`update live_blogs set last_position = last_position + 1 where article_id = ${articleId} returning last_position`,
  );
  return Number(row!.last_position);
}

export async function findEntry(executor: Executor, id: string): Promise<LiveEntryRecord | undefined> {
  const [row] = await rows<SqlRow>(executor, sql`select ${ENTRY_COLUMNS} from live_entries e where e.id = ${id}`);
  return row && entryOf(row);
}

export async function insertEntry(executor: Executor, row: typeof liveEntries.$inferInsert): Promise<void> {
  await executor.insert(liveEntries).values(row);
}

export async function updateEntry(executor: Executor, id: string, version: number, changes: Partial<typeof liveEntries.$inferInsert>) {
  const [row] = await executor
    .update(liveEntries)
    .set({ ...changes, version: sql`${liveEntries.version} + 1` })
    .where(and(eq(liveEntries.id, id), eq(liveEntries.version, version)))
    .returning({ version: liveEntries.version });
  return row;
}

/** Records the blog's change number at the entry's latest change readers can see (not an edit: the version stays). */
export async function setLastChange(executor: Executor, id: string, change: number): Promise<void> {
  await executor.update(liveEntries).set({ lastChange: change }).where(eq(liveEntries.id, id));
}

export async function replaceWriters(executor: Executor, entryId: string, authorIds: string[]): Promise<void> {
  await executor.delete(liveEntryAuthors).where(eq(liveEntryAuthors.entryId, entryId));
  if (authorIds.length) await executor.insert(liveEntryAuthors).values(authorIds.map((authorId, position) => ({ entryId, authorId, position })));
}

/** Unpins whatever entry of the blog is pinned (but `keep`); returns the ids it unpinned. */
export async function unpinOthers(executor: Executor, articleId: string, keep: string): Promise<string[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`update live_entries set pinned = false, version = version + 1
      where article_id = ${articleId} and pinned and id <> ${keep} returning id`,
  );
  return found.map((row) => String(row.id));
}

/** Entries whose scheduled time has come, oldest first. */
export async function dueEntries(executor: Executor, now: Date, limit = 100): Promise<{ id: string; version: number }[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select id, version from live_entries where status = 'scheduled' and scheduled_at <= ${now} order by scheduled_at limit ${limit}`,
  );
  return found.map((row) => ({ id: String(row.id), version: Number(row.version) }));
}
