import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables.ts';
import { articles } from '../content/tables.ts';
import type { Finding } from './moderation/pipeline.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const COMMENT_STATUSES = ['published', 'held', 'rejected', 'deleted'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const DISCUSSION_MODES = ['open', 'premoderated', 'closed'] as const;
export type DiscussionMode = (typeof DISCUSSION_MODES)[number];

/**
 * Comments. A thread is a top-level comment (`root_id` = its own id, depth 0) and every reply
 * under it (same `root_id`, depth = parent's + 1), so a page of threads is one query for the
 * top-level comments and one for their replies, however long the discussion. Comments are
 * never removed: deleting leaves a tombstone (status 'deleted', body emptied) that keeps the
 * replies under it in place.
 */
export const comments = pgTable(
  'comments',
  {
    id: uuid('id').primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** Null once the author's account is erased with their comments kept. */
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    parentId: uuid('parent_id').references((): AnyPgColumn => comments.id, { onDelete: 'cascade' }),
    rootId: uuid('root_id').notNull(),
    depth: integer('depth').notNull().default(0),
    body: text('body').notNull(),
    status: text('status').$type<CommentStatus>().notNull(),
    /** What the moderation pipeline found, for moderators (and the author, for a held comment). */
    findings: jsonb('findings')
      .$type<Finding[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Sent by the client with each post: a repeated submit finds the comment it already made. */
    idempotencyKey: text('idempotency_key'),
    recommendCount: integer('recommend_count').notNull().default(0),
    /** Published direct replies. */
    replyCount: integer('reply_count').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    editedAt: timestamptz('edited_at'),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [
    check('comments_status_check', sql`${t.status} in ('published', 'held', 'rejected', 'deleted')`),
    check('comments_depth_check', sql`${t.depth} >= 0`),
    index('comments_threads_idx')
      .on(t.articleId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.depth} = 0`),
    index('comments_replies_idx').on(t.rootId, t.createdAt, t.id),
    index('comments_author_idx').on(t.authorId, t.createdAt.desc()),
    index('comments_held_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'held'`),
    uniqueIndex('comments_idempotency_idx').on(t.authorId, t.idempotencyKey),
  ],
);

/** Per-article discussion settings and the published-comment count every card shows. */
export const discussions = pgTable(
  'discussions',
  {
    articleId: uuid('article_id')
      .primaryKey()
      .references(() => articles.id, { onDelete: 'cascade' }),
    mode: text('mode').$type<DiscussionMode>().notNull().default('open'),
    /** Closes by itself this many days after first publication, if set. */
    closeAfterDays: integer('close_after_days'),
    commentCount: integer('comment_count').notNull().default(0),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('discussions_mode_check', sql`${t.mode} in ('open', 'premoderated', 'closed')`),
    check('discussions_close_after_check', sql`${t.closeAfterDays} is null or ${t.closeAfterDays} > 0`),
  ],
);

/** One recommendation per reader per comment. */
export const commentRecommendations = pgTable(
  'comment_recommendations',
  {
    commentId: uuid('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/** Readers' flags, one per reader per comment, with the reason they chose. */
export const commentFlags = pgTable(
  'comment_flags',
  {
    commentId: uuid('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    /** When a moderator dealt with it (approved the comment or removed it). */
    resolvedAt: timestamptz('resolved_at'),
  },
  (t) => [
    primaryKey({ columns: [t.commentId, t.userId] }),
    index('comment_flags_open_idx')
      .on(t.createdAt)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/** A reader following another reader. */
export const readerFollows = pgTable(
  'reader_follows',
  {
    followerId: uuid('follower_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    followeeId: uuid('followee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followeeId] }),
    index('reader_follows_followee_idx').on(t.followeeId),
    check('reader_follows_not_self', sql`${t.followerId} <> ${t.followeeId}`),
  ],
);

/** A reader banned (no end) or suspended (until a time) from commenting. */
export const commentSanctions = pgTable(
  'comment_sanctions',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'ban' | 'suspension'>().notNull(),
    until: timestamptz('until'),
    reason: text('reason').notNull(),
    moderatorId: uuid('moderator_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [check('comment_sanctions_kind_check', sql`${t.kind} in ('ban', 'suspension')`)],
);

/** What moderators did, per reader: the history a moderator reads before deciding. */
export const moderationEvents = pgTable(
  'moderation_events',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => comments.id, { onDelete: 'set null' }),
    moderatorId: uuid('moderator_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    reason: text('reason').notNull().default(''),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [index('moderation_events_user_idx').on(t.userId, t.createdAt.desc())],
);

export const REPLY_MAIL = ['immediate', 'daily', 'never'] as const;
export type ReplyMail = (typeof REPLY_MAIL)[number];

/**
 * What a reader is told about: a reply to one of their comments. Shown in the page (live, and
 * as an unread count), listed as "replies to you", and e-mailed as the reader chose; `mailed_at`
 * makes the e-mail job safe to run twice.
 */
export const commentNotifications = pgTable(
  'comment_notifications',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    readAt: timestamptz('read_at'),
    mailedAt: timestamptz('mailed_at'),
  },
  (t) => [
    uniqueIndex('comment_notifications_once_idx').on(t.userId, t.commentId),
    index('comment_notifications_user_idx').on(t.userId, t.createdAt.desc()),
    index('comment_notifications_unmailed_idx')
      .on(t.createdAt)
      .where(sql`${t.mailedAt} is null and ${t.readAt} is null`),
  ],
);

/** A reader's choices about comments; a reader without a row has the defaults. */
export const commentPreferences = pgTable(
  'comment_preferences',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    replyMail: text('reply_mail').$type<ReplyMail>().notNull().default('daily'),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('comment_preferences_reply_mail_check', sql`${t.replyMail} in ('immediate', 'daily', 'never')`)],
);
