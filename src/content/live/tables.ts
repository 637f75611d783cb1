import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Block } from '../blocks.ts';
import { articles, authors } from '../tables.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const LIVE_BLOG_STATES = ['open', 'closed'] as const;
export type LiveBlogState = (typeof LIVE_BLOG_STATES)[number];
export const LIVE_BLOG_ORDERS = ['newest', 'oldest'] as const;
export type LiveBlogOrder = (typeof LIVE_BLOG_ORDERS)[number];

/**
 * An article that is a live blog: a stream of entries under its headline. The row exists from
 * the moment the newsroom makes the article a live blog; `state` says whether coverage goes on.
 */
export const liveBlogs = pgTable(
  'live_blogs',
  {
    articleId: uuid('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    state: text('state').$type<LiveBlogState>().notNull().default('open'),
    /** The order readers get the entries in: newest first, or oldest first (a match, read from kick-off). */
    entryOrder: text('entry_order').$type<LiveBlogOrder>().notNull().default('newest'),
    /** Entries by writers wait for an editor before readers see them (contributors' always do). */
    holdEntries: boolean('hold_entries').notNull().default(false),
    coverageStartedAt: timestamptz('coverage_started_at'),
    coverageEndedAt: timestamptz('coverage_ended_at'),
    /** The last position given to a published entry: positions make stable pages. */
    lastPosition: integer('last_position').notNull().default(0),
    /** Counts every change readers can see (an entry published, edited, pinned, deleted): the live stream's event ids. */
    lastChange: bigint('last_change', { mode: 'number' }).notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check('live_blogs_state_check', sql`${t.state} in ('open', 'closed')`),
    check('live_blogs_order_check', sql`${t.entryOrder} in ('newest', 'oldest')`),
  ],
);

export const LIVE_ENTRY_STATUSES = ['draft', 'held', 'scheduled', 'published', 'deleted'] as const;
export type LiveEntryStatus = (typeof LIVE_ENTRY_STATUSES)[number];

/** One entry of a live blog: a time, its writers, an optional title and a body of the article's blocks. */
export const liveEntries = pgTable(
  'live_entries',
  {
    id: uuid('id').primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => liveBlogs.articleId, { onDelete: 'cascade' }),
    status: text('status').$type<LiveEntryStatus>().notNull().default('draft'),
    title: text('title').notNull().default(''),
    body: jsonb('body')
      .$type<Block[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    bodyText: text('body_text').notNull().default(''),
    keyEvent: boolean('key_event').notNull().default(false),
    pinned: boolean('pinned').notNull().default(false),
    /** Given when first published, in publishing order; never reused, so a page of positions never changes. */
    position: integer('position'),
    /** The entry's time as readers see it: when it was published. */
    publishedAt: timestamptz('published_at'),
    scheduledAt: timestamptz('scheduled_at'),
    /** The last change readers saw after publishing ("Updated"). */
    updatedAt: timestamptz('updated_at'),
    /** The blog's change counter at this entry's last change readers could see. */
    lastChange: bigint('last_change', { mode: 'number' }).notNull().default(0),
    /** The staff member who started the entry (whose draft it is). */
    createdBy: text('created_by').notNull(),
    /** The account that started the entry (whose draft it is, whose own entry it is); none when an API token did. */
    creatorId: uuid('creator_id'),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    modifiedAt: timestamptz('modified_at').notNull().defaultNow(),
  },
  (t) => [
    check('live_entries_status_check', sql`${t.status} in ('draft', 'held', 'scheduled', 'published', 'deleted')`),
    uniqueIndex('live_entries_position_idx').on(t.articleId, t.position),
    uniqueIndex('live_entries_pinned_idx')
      .on(t.articleId)
      .where(sql`${t.pinned}`),
    index('live_entries_change_idx').on(t.articleId, t.lastChange),
    index('live_entries_status_idx').on(t.articleId, t.status),
  ],
);

export const liveEntryAuthors = pgTable(
  'live_entry_authors',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => liveEntries.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.authorId] }), index('live_entry_authors_author_idx').on(t.authorId)],
);
