import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/database.ts';
import type { Cursor } from '../content/pagination.ts';
import type { AuthorRecord, Finding } from './moderation/pipeline.ts';
import { comments, moderationEvents, type CommentStatus, type DiscussionMode } from './tables.ts';
import { toDateOrNull as date, fromJson } from '../platform/db/values.ts';

export type CommentRow = typeof comments.$inferSelect;

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
const VIEW = sql`${COLUMNS},
  exists (select 1 from article_authors aa join author_accounts x on x.author_id = aa.author_id where aa.article_id = c.article_id and x.user_id = c.author_id) as "byline"`;

/** The same for many comments of one known article: the byline accounts are read once, not per row. */
const viewOn = (articleId: string) => sql`${COLUMNS},
  coalesce(c.author_id = any(array(select x.user_id from article_authors aa join author_accounts x on x.author_id = aa.author_id where aa.article_id = ${articleId})), false) as "byline"`;

function toView(row: Record<string, any>): CommentView {
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

export async function findComment(executor: Executor, id: string): Promise<CommentView | null> {
  const [row] = await rows<Record<string, any>>(executor, sql`select ${VIEW} from comments c left join users u on u.id = c.author_id where c.id = ${id}`);
  return row ? toView(row) : null;
}

export async function findByIdempotencyKey(executor: Executor, authorId: string, key: string): Promise<CommentView | null> {
  const [row] = await rows<Record<string, any>>(
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
  const [row] = await rows<Record<string, any>>(
    executor,
    sql`select a.id, a.status = 'published' as live, a.comments_enabled as "commentsEnabled", a.first_published_at as "firstPublishedAt",
               coalesce(d.mode, 'open') as mode, d.close_after_days as "closeAfterDays", coalesce(d.comment_count, 0) as "commentCount",
               array(select x.user_id::text from article_authors aa join author_accounts x on x.author_id = aa.author_id where aa.article_id = a.id) as "bylineUsers"
        from articles a left join discussions d on d.article_id = a.id where a.id = ${id}`,
  );
  return row ? ({ ...row, firstPublishedAt: date(row.firstPublishedAt) } as ArticleForComments) : null;
}

export interface Sanction {
  kind: 'ban' | 'suspension';
  until: Date | null;
  reason: string;
}

/**
 * What posting needs to know of a reader, in one round trip: any ban or suspension in force,
 * and for the moderation pipeline the last day's comments and their record.
 */
export async function posterRecord(executor: Executor, user: { id: string; createdAt: Date; staff: boolean }, now: Date): Promise<{ record: AuthorRecord; sanction: Sanction | null }> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - 24 * 60 * 60_000).toISOString();
  const [row] = await rows<Record<string, any>>(
    executor,
    sql`select
          (select json_build_object('kind', kind, 'until', until, 'reason', reason) from comment_sanctions
            where user_id = ${user.id} and (until is null or until > ${at}::timestamptz)) as sanction,
          (select coalesce(json_agg(json_build_object('at', r.created_at, 'text', r.body) order by r.created_at desc), '[]'::json)
            from (select created_at, body from comments where author_id = ${user.id} and created_at > ${since}::timestamptz order by created_at desc limit 200) r) as recent,
          (select count(*)::int from comments where author_id = ${user.id} and status = 'published') as published,
          (select count(*)::int from moderation_events where user_id = ${user.id} and action = 'rejected') as rejected,
          (select count(*)::int from moderation_events where user_id = ${user.id} and action = 'removed-after-flags') as removed`,
  );
  const sanction = fromJson(row!.sanction) as { kind: Sanction['kind']; until: string | null; reason: string } | null;
  return {
    sanction: sanction && { kind: sanction.kind, until: date(sanction.until), reason: sanction.reason },
    record: {
      createdAt: user.createdAt,
      staff: user.staff,
      recent: (fromJson(row!.recent) as { at: string; text: string }[]).map((r) => ({ at: new Date(r.at), text: r.text })),
      published: row!.published,
      rejected: row!.rejected,
      removedAfterFlags: row!.removed,
    },
  };
}

/** Inserts the comment; false when the author's idempotency key had already made one. */
export async function insertComment(executor: Executor, row: typeof comments.$inferInsert): Promise<boolean> {
  const made = await executor.insert(comments).values(row).onConflictDoNothing({ target: [comments.authorId, comments.idempotencyKey] }).returning({ id: comments.id });
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

export async function recordModeration(executor: Executor, event: { userId: string | null; commentId?: string | null; moderatorId?: string | null; action: string; reason: string; at: Date }): Promise<void> {
  await executor.insert(moderationEvents).values({
    id: crypto.randomUUID(),
    userId: event.userId,
    commentId: event.commentId ?? null,
    moderatorId: event.moderatorId ?? null,
    action: event.action,
    reason: event.reason,
    createdAt: event.at,
  });
}

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
  const order = sort === 'oldest' ? sql`c.created_at asc, c.id asc` : sort === 'newest' ? sql`c.created_at desc, c.id desc` : sql`c.recommend_count desc, c.created_at desc, c.id desc`;
  const found = await rows<Record<string, any>>(
    executor,
    sql`select ${viewOn(articleId)} from comments c left join users u on u.id = c.author_id where ${visible} and ${after} order by ${order} limit ${limit + 1}`,
  );
  return found.map(toView);
}

/** Every visible reply under these threads down to `maxDepth`, oldest first (conversation order). */
export async function listReplies(executor: Executor, articleId: string, rootIds: string[], maxDepth: number): Promise<CommentView[]> {
  if (!rootIds.length) return [];
  const found = await rows<Record<string, any>>(
    executor,
    sql`select ${viewOn(articleId)} from comments c left join users u on u.id = c.author_id
        where c.root_id in (${sql.join(rootIds.map((id) => sql`${id}::uuid`), sql`, `)}) and c.depth between 1 and ${maxDepth}
          and ${keepsPlace}
        order by c.created_at asc, c.id asc`,
  );
  return found.map(toView);
}

/** Published-comment counts for many articles in one query (a home page's cards). */
export async function commentCounts(executor: Executor, articleIds: string[]): Promise<Map<string, number>> {
  if (!articleIds.length) return new Map();
  const found = await rows<{ articleId: string; count: number }>(
    executor,
    sql`select article_id as "articleId", comment_count as count from discussions where article_id in (${sql.join(articleIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return new Map(found.map((r) => [r.articleId, r.count]));
}

/** One recommendation per reader; true when this one is new (the count then goes up). */
export async function recommend(executor: Executor, commentId: string, userId: string, now: Date): Promise<boolean> {
  const made = await rows<{ comment_id: string }>(
    executor,
    sql`insert into comment_recommendations (comment_id, user_id, created_at) values (${commentId}, ${userId}, ${now.toISOString()}::timestamptz)
        on conflict do nothing returning comment_id`,
  );
  if (made.length) await executor.execute(sql`update comments set recommend_count = recommend_count + 1 where id = ${commentId}`);
  return made.length > 0;
}

export async function unrecommend(executor: Executor, commentId: string, userId: string): Promise<boolean> {
  const gone = await rows<{ comment_id: string }>(executor, sql`delete from comment_recommendations where comment_id = ${commentId} and user_id = ${userId} returning comment_id`);
  if (gone.length) await executor.execute(sql`update comments set recommend_count = greatest(0, recommend_count - 1) where id = ${commentId}`);
  return gone.length > 0;
}

/** One flag per reader per comment; a repeated flag changes nothing. */
export async function flag(executor: Executor, commentId: string, userId: string, reason: string, note: string, now: Date): Promise<boolean> {
  const made = await rows<{ comment_id: string }>(
    executor,
    sql`insert into comment_flags (comment_id, user_id, reason, note, created_at) values (${commentId}, ${userId}, ${reason}, ${note}, ${now.toISOString()}::timestamptz)
        on conflict do nothing returning comment_id`,
  );
  return made.length > 0;
}

export async function updateComment(executor: Executor, id: string, changes: Partial<Pick<typeof comments.$inferInsert, 'body' | 'status' | 'findings' | 'editedAt' | 'deletedAt'>>): Promise<void> {
  await executor.update(comments).set(changes).where(sql`${comments.id} = ${id}`);
}

export async function saveDiscussion(executor: Executor, articleId: string, settings: { mode: DiscussionMode; closeAfterDays: number | null }, now: Date): Promise<void> {
  await executor.execute(
    sql`insert into discussions (article_id, mode, close_after_days, updated_at) values (${articleId}, ${settings.mode}, ${settings.closeAfterDays}, ${now.toISOString()}::timestamptz)
        on conflict (article_id) do update set mode = excluded.mode, close_after_days = excluded.close_after_days, updated_at = excluded.updated_at`,
  );
}

/** The reader's own comments on an article still waiting for a moderator, with what held them. */
export async function heldBy(executor: Executor, articleId: string, userId: string): Promise<(CommentView & { findings: Finding[] })[]> {
  const found = await rows<Record<string, any>>(
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
  const found = await rows<Record<string, any>>(
    executor,
    sql`select ${VIEW} from comments c left join users u on u.id = c.author_id
        where c.article_id = ${articleId} and c.status = 'published' and c.created_at > ${since.toISOString()}::timestamptz
        order by c.created_at asc limit ${limit}`,
  );
  return found.map(toView);
}

/** A comment and the conversation under it to `maxDepth`, for its own page. */
export async function subtree(executor: Executor, comment: CommentView, maxDepth: number): Promise<CommentView[]> {
  const found = await rows<Record<string, any>>(
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
  const found = await rows<Record<string, any>>(
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

/** Removes a reader's part in the discussions; see erasure.ts for what stays. */
export async function eraseReader(tx: Executor, user: { id: string; deleteComments: boolean }): Promise<void> {
  if (user.deleteComments) {
    // Counts first, while the comments still say which were published.
    await tx.execute(sql`update discussions d set comment_count = greatest(0, d.comment_count - x.n)
      from (select article_id, count(*)::int as n from comments where author_id = ${user.id} and status = 'published' group by article_id) x
      where d.article_id = x.article_id`);
    await tx.execute(sql`update comments p set reply_count = greatest(0, p.reply_count - x.n)
      from (select parent_id, count(*)::int as n from comments where author_id = ${user.id} and status = 'published' and parent_id is not null group by parent_id) x
      where p.id = x.parent_id`);
    await tx.execute(sql`update comments set body = '', status = 'deleted', deleted_at = now(), findings = '[]'::jsonb where author_id = ${user.id} and status <> 'deleted'`);
  }
  await tx.execute(sql`delete from reader_follows where follower_id = ${user.id} or followee_id = ${user.id}`);
  await tx.execute(sql`update comments set recommend_count = greatest(0, recommend_count - 1) where id in (select comment_id from comment_recommendations where user_id = ${user.id})`);
  await tx.execute(sql`delete from comment_recommendations where user_id = ${user.id}`);
  await tx.execute(sql`delete from comment_flags where user_id = ${user.id}`);
  await tx.execute(sql`delete from comment_notifications where user_id = ${user.id}`);
  await tx.execute(sql`delete from comment_preferences where user_id = ${user.id}`);
}
