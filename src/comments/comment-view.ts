import { sql } from 'drizzle-orm';
import type { CommentStatus } from './tables.ts';
import { toDateOrNull as date } from '../platform/db/values.ts';
import type { SqlRow } from '../platform/db/database.ts';

/**
 * A comment as every query that returns comments reads it: the same columns, the author, and
 * whether the author wrote the article. One shape, so no list can show more or less than another.
 */
export interface CommentView {
  id: string;
  articleId: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  body: string;
  status: CommentStatus;
  recommendCount: number;
  replyCount: number;
  createdAt: Date;
  editedAt: Date | null;
  /** `byline`: the author wrote the article the comment is on. */
  author: { id: string; name: string; role: string; byline: boolean } | null;
}

const COLUMNS = sql`c.id, c.article_id as "articleId", c.parent_id as "parentId", c.root_id as "rootId", c.depth, c.body, c.status,
  c.recommend_count as "recommendCount", c.reply_count as "replyCount", c.created_at as "createdAt", c.edited_at as "editedAt",
  u.id as "authorId", u.display_name as "authorName", u.role as "authorRole"`;

/** A comment's columns; "byline": its author wrote the article (their account is linked to one of its bylines). */
export const VIEW = sql`${COLUMNS},
  exists (select 1 from article_authors aa join author_accounts x on x.author_id = aa.author_id where aa.article_id = c.article_id and x.user_id = c.author_id) as "byline"`;

/** The same for many comments of one known article: the byline accounts are read once, not per row. */
export const viewOn = (articleId: string) => sql`${COLUMNS},
  coalesce(c.author_id = any(array(select x.user_id from article_authors aa join author_accounts x on x.author_id = aa.author_id where aa.article_id = ${articleId})), false) as "byline"`;

export function toView(row: SqlRow): CommentView {
  return {
    id: row.id,
    articleId: row.articleId,
    parentId: row.parentId,
    rootId: row.rootId,
    depth: row.depth,
    body: row.body,
    status: row.status,
    recommendCount: row.recommendCount,
    replyCount: row.replyCount,
    createdAt: date(row.createdAt)!,
    editedAt: date(row.editedAt),
    author: row.authorId ? { id: row.authorId, name: row.authorName, role: row.authorRole, byline: row.byline === true } : null,
  };
}
