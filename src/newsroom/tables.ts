import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables.ts';
import { articles, authors } from '../content/tables.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Admin API bearer tokens. Only a SHA-256 of each token is kept; the token is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [index('api_tokens_created_idx').on(t.createdAt)],
);

/** Newsroom settings an admin changes (one row per setting). */
export const siteSettings = pgTable('site_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/**
 * Who has an article open in the editor: each open editor renews its row every few seconds,
 * so a row older than a minute means the person has gone. Kept in the database, not in
 * memory, so every process of a multi-process site sees the same newsroom.
 */
export const editingPresence = pgTable(
  'editing_presence',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    seenAt: timestamptz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] }), index('editing_presence_seen_idx').on(t.seenAt)],
);

/**
 * The newsroom account a byline belongs to, set on the authors page: a comment from that
 * account on the author's own article carries the "Author" badge.
 */
export const authorAccounts = pgTable('author_accounts', {
  authorId: uuid('author_id')
    .primaryKey()
    .references(() => authors.id, { onDelete: 'cascade' }),
  userId: uuid('user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
});
