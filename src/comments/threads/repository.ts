import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { Cursor } from '../../content/index.ts';
import type { Finding } from '../moderation/pipeline.ts';
import { toView, VIEW, viewOn, type CommentView } from '../comment-view.ts';
import { fromJson } from '../../platform/db/values.ts';

export type ThreadSort = 'newest' | 'oldest' | 'recommended';

/**
 * Which comments have a place in a thread: published ones, and any other (deleted, held after an
 * edit, removed by a moderator) that published replies hang from; presentComment makes those a
 * marker with no text and no author, so the replies keep their place and nothing else shows.
 */
const keepsPlace = sql`(c.status = 'published' or c.reply_count > 0)`;

/**
 * A page of threads: top-level comments readers can see (published, or any other with published
 * replies still under them, shown as a marker with no text), in the chosen order, after `cursor` (the last one of the previous page).
 */
export async function listTopLevel(executor: Executor, articleId: string, sort: ThreadSort, cursor: Cursor | null, limit: number): Promise<CommentView[]> {
  const visible = sql`c.article_id = ${articleId} and c.depth = 0 and ${keepsPlace}`;
  let after = sql`true`;
  if (cursor) {
    const at = cursor.at.toISOString();
    after =
      sort === 'oldest'
        ? sql`(c.created_at, c.id) > (${at}::timestamptz, ${cursor.id}::uuid)`
        : sort === 'newest'
          ? sql`(c.created_at, c.id) < (${at}::timestamptz, ${cursor.id}::uuid)`
          : sql`(c.recommend_count, c.created_at, c.id) < (${cursor.score ?? 0}, ${at}::timestamptz, ${cursor.id}::uuid)`;
  }
  const order =
    sort === 'oldest'
      ? sql`c.created_at asc, c.id asc`
      : sort === 'newest'
        ? sql`c.created_at desc, c.id desc`
        : sql`c.recommend_count desc, c.created_at desc, c.id desc`;
  const found = await rows<SqlRow>(
    executor,
    sql`select ${viewOn(articleId)} from comments c left join users u on u.id = c.author_id where ${visible} and ${after} order by ${order} limit ${limit + 1}`,
  );
  return found.map(toView);
}

/** Every visible reply under these threads down to `maxDepth`, oldest first (conversation order). */
export async function listReplies(executor: Executor, articleId: string, rootIds: string[], maxDepth: number): Promise<CommentView[]> {
  if (!rootIds.length) return [];
  const found = await rows<SqlRow>(
    executor,
    sql`select ${viewOn(articleId)} from comments c left join users u on u.id = c.author_id
        where c.root_id in (${sql.join(
          rootIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and c.depth between 1 and ${maxDepth}
          and ${keepsPlace}
        order by c.created_at asc, c.id asc`,
  );
  return found.map(toView);
}

/** The reader's own comments on an article still waiting for a moderator, with what held them. */
export async function heldBy(executor: Executor, articleId: string, userId: string): Promise<(CommentView & { findings: Finding[] })[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${VIEW}, c.findings from comments c left join users u on u.id = c.author_id
        where c.article_id = ${articleId} and c.author_id = ${userId} and c.status = 'held' order by c.created_at desc limit 20`,
  );
  return found.map((row) => ({ ...toView(row), findings: fromJson(row.findings) }));
}

/** Which comments on an article the reader has recommended. */
export async function recommendedOn(executor: Executor, articleId: string, userId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    executor,
    sql`select r.comment_id as id from comment_recommendations r join comments c on c.id = r.comment_id where c.article_id = ${articleId} and r.user_id = ${userId}`,
  );
  return found.map((r) => r.id);
}

/** Published comments on an article made after `since`, oldest first: what a reconnecting live reader missed. */
export async function publishedSince(executor: Executor, articleId: string, since: Date, limit: number): Promise<CommentView[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${VIEW} from comments c left join users u on u.id = c.author_id
        where c.article_id = ${articleId} and c.status = 'published' and c.created_at > ${since.toISOString()}::timestamptz
        order by c.created_at asc limit ${limit}`,
  );
  return found.map(toView);
}

/** A comment and the conversation under it to `maxDepth`, for its own page. */
export async function subtree(executor: Executor, comment: CommentView, maxDepth: number): Promise<CommentView[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`with recursive below as (
          select id from comments where parent_id = ${comment.id}
          union all
          select c.id from comments c join below b on c.parent_id = b.id where c.depth <= ${maxDepth}
        )
        select ${VIEW} from comments c left join users u on u.id = c.author_id
        where c.id in (select id from below) and c.depth <= ${maxDepth} and ${keepsPlace}
        order by c.created_at asc, c.id asc`,
  );
  return found.map(toView);
}

/** The comments above this one, from the top of its thread down, whatever their status: the caller shows them with presentComment. */
export async function ancestors(executor: Executor, comment: CommentView): Promise<CommentView[]> {
  if (!comment.parentId) return [];
  const found = await rows<SqlRow>(
    executor,
    sql`with recursive up as (
          select id, parent_id from comments where id = ${comment.parentId}
          union all
          select c.id, c.parent_id from comments c join up on c.id = up.parent_id
        )
        select ${VIEW} from comments c left join users u on u.id = c.author_id where c.id in (select id from up) order by c.depth asc`,
  );
  return found.map(toView);
}
