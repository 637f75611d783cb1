import { sql } from 'drizzle-orm';
import { preparedRows, rows, type Executor, type SqlRow } from '../platform/db/database.ts';
import { toView, VIEW, type CommentView } from './comment-view.ts';
import { comments, type DiscussionMode } from './tables.ts';
import { toDateOrNull as date } from '../platform/db/values.ts';

export type { CommentView };
export type CommentRow = typeof comments.$inferSelect;

export async function findComment(executor: Executor, id: string): Promise<CommentView | null> {
  const [row] = await rows<SqlRow>(executor, sql`select ${VIEW} from comments c left join users u on u.id = c.author_id where c.id = ${id}`);
  return row ? toView(row) : null;
}

export async function findByIdempotencyKey(executor: Executor, authorId: string, key: string): Promise<CommentView | null> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select ${VIEW} from comments c left join users u on u.id = c.author_id where c.author_id = ${authorId} and c.idempotency_key = ${key}`,
  );
  return row ? toView(row) : null;
}

export interface DiscussionRow {
  mode: DiscussionMode;
  closeAfterDays: number | null;
  commentCount: number;
}

export async function findDiscussion(executor: Executor, articleId: string): Promise<DiscussionRow> {
  const [row] = await rows<DiscussionRow>(
    executor,
    sql`select mode, close_after_days as "closeAfterDays", comment_count as "commentCount" from discussions where article_id = ${articleId}`,
  );
  return row ?? { mode: 'open', closeAfterDays: null, commentCount: 0 };
}

/** An article as posting a comment needs it: whether readers see it, takes comments, and its discussion settings. */
export interface ArticleForComments extends DiscussionRow {
  id: string;
  /** Accounts of the article's bylines: their comments carry the Author badge. */
  bylineUsers: string[];
  live: boolean;
  commentsEnabled: boolean;
  firstPublishedAt: Date | null;
}

/** One small read on the posting path (the full article record is much more). */
export async function articleForComments(executor: Executor, id: string): Promise<ArticleForComments | null> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select a.id, a.status = 'published' as live, a.comments_enabled as "commentsEnabled", a.first_published_at as "firstPublishedAt",
               coalesce(d.mode, 'open') as mode, d.close_after_days as "closeAfterDays", coalesce(d.comment_count, 0) as "commentCount",
               array(select x.user_id::text from article_authors aa join author_accounts x on x.author_id = aa.author_id where aa.article_id = a.id) as "bylineUsers"
        from articles a left join discussions d on d.article_id = a.id where a.id = ${id}`,
  );
  return row ? ({ ...row, firstPublishedAt: date(row.firstPublishedAt) } as ArticleForComments) : null;
}

/** Inserts the comment; false when the author's idempotency key had already made one. */
export async function insertComment(executor: Executor, row: typeof comments.$inferInsert): Promise<boolean> {
  const made = await executor
    .insert(comments)
    .values(row)
    .onConflictDoNothing({ target: [comments.authorId, comments.idempotencyKey] })
    .returning({ id: comments.id });
  return made.length === 1;
}

/** A published comment adds to its article's count and to its parent's replies. */
export async function countPublished(executor: Executor, comment: { articleId: string; parentId: string | null }, delta: 1 | -1, now: Date): Promise<void> {
  await executor.execute(
    sql`insert into discussions (article_id, comment_count, updated_at) values (${comment.articleId}, ${Math.max(0, delta)}, ${now.toISOString()}::timestamptz)
        on conflict (article_id) do update set comment_count = greatest(0, discussions.comment_count + ${delta}), updated_at = excluded.updated_at`,
  );
  if (comment.parentId) await executor.execute(sql`update comments set reply_count = greatest(0, reply_count + ${delta}) where id = ${comment.parentId}`);
}

/**
 * Published-comment counts for many articles in one query (a front's cards). One statement text
 * for any number of articles (the ids travel as one JSON parameter), so it is prepared once.
 */
export async function commentCounts(executor: Executor, articleIds: string[]): Promise<Map<string, number>> {
  if (!articleIds.length) return new Map();
  const found = await preparedRows<{ articleId: string; count: number }>(
    executor,
    sql`select article_id as "articleId", comment_count as count from discussions
        where article_id in (select (jsonb_array_elements_text(${JSON.stringify(articleIds)}::jsonb))::uuid)`,
  );
  return new Map(found.map((r) => [r.articleId, Number(r.count)]));
}

export async function updateComment(
  executor: Executor,
  id: string,
  changes: Partial<Pick<typeof comments.$inferInsert, 'body' | 'status' | 'findings' | 'editedAt' | 'deletedAt'>>,
): Promise<void> {
  await executor
    .update(comments)
    .set(changes)
    .where(sql`${comments.id} = ${id}`);
}

export async function saveDiscussion(
  executor: Executor,
  articleId: string,
  settings: { mode: DiscussionMode; closeAfterDays: number | null },
  now: Date,
): Promise<void> {
  await executor.execute(
    sql`insert into discussions (article_id, mode, close_after_days, updated_at) values (${articleId}, ${settings.mode}, ${settings.closeAfterDays}, ${now.toISOString()}::timestamptz)
        on conflict (article_id) do update set mode = excluded.mode, close_after_days = excluded.close_after_days, updated_at = excluded.updated_at`,
  );
}
