import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

/** The address of the comment's article on the reader site, from the site's root. */
const ARTICLE_PATH = sql`'/' || s.slug || '/' || a.slug`;
type Row = Record<string, unknown>;
type OnArticle = Row & { articlePath: string };

const ON_ARTICLE = sql`join comments c on c.id = x.comment_id join articles a on a.id = c.article_id join sections s on s.id = a.section_id`;

/** Everything the comments keep about one reader, for their download. */
export async function commentsDataOf(executor: Executor, userId: string) {
  const [comments, recommendations, flags, following, followers, notifications, preferences, sanctions, moderation] = await Promise.all([
    rows<OnArticle>(
      executor,
      sql`select c.id, ${ARTICLE_PATH} as "articlePath", a.headline as "articleHeadline", c.parent_id as "inReplyTo", c.body, c.status, c.findings,
                              c.recommend_count as "recommendations", c.reply_count as "replies", c.created_at as "createdAt", c.edited_at as "editedAt", c.deleted_at as "deletedAt"
                         from comments c join articles a on a.id = c.article_id join sections s on s.id = a.section_id
                        where c.author_id = ${userId} order by c.created_at`,
    ),
    rows<OnArticle>(
      executor,
      sql`select x.comment_id as "commentId", ${ARTICLE_PATH} as "articlePath", x.created_at as "createdAt" from comment_recommendations x ${ON_ARTICLE} where x.user_id = ${userId} order by x.created_at`,
    ),
    rows<OnArticle>(
      executor,
      sql`select x.comment_id as "commentId", ${ARTICLE_PATH} as "articlePath", x.reason, x.note, x.created_at as "createdAt", x.resolved_at as "resolvedAt" from comment_flags x ${ON_ARTICLE} where x.user_id = ${userId} order by x.created_at`,
    ),
    rows<Row>(
      executor,
      sql`select f.followee_id as "readerId", u.display_name as "displayName", f.created_at as "since" from reader_follows f join users u on u.id = f.followee_id where f.follower_id = ${userId} order by f.created_at`,
    ),
    rows<Row>(
      executor,
      sql`select f.follower_id as "readerId", u.display_name as "displayName", f.created_at as "since" from reader_follows f join users u on u.id = f.follower_id where f.followee_id = ${userId} order by f.created_at`,
    ),
    rows<OnArticle>(
      executor,
      sql`select x.comment_id as "commentId", ${ARTICLE_PATH} as "articlePath", x.created_at as "createdAt", x.read_at as "readAt", x.mailed_at as "mailedAt" from comment_notifications x ${ON_ARTICLE} where x.user_id = ${userId} order by x.created_at`,
    ),
    rows<Row>(executor, sql`select reply_mail as "replyMail", updated_at as "updatedAt" from comment_preferences where user_id = ${userId}`),
    // What moderators decided about the reader; who the moderator was is the newsroom's, not theirs.
    rows<Row>(executor, sql`select kind, until, reason, created_at as "createdAt" from comment_sanctions where user_id = ${userId}`),
    rows<Row>(
      executor,
      sql`select action, reason, comment_id as "commentId", created_at as "createdAt" from moderation_events where user_id = ${userId} order by created_at`,
    ),
  ]);
  return { comments, recommendations, flags, following, followers, notifications, preferences: preferences[0] ?? null, sanctions, moderation };
}

/** What the comments keep about the reader beyond their discussions: sanctions and moderation history go; as a moderator, their name leaves others' records. */
export async function eraseModerationRecords(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`delete from comment_sanctions where user_id = ${userId}`);
  await tx.execute(sql`delete from moderation_events where user_id = ${userId}`);
  await tx.execute(sql`update comment_sanctions set moderator_id = null where moderator_id = ${userId}`);
  await tx.execute(sql`update moderation_events set moderator_id = null where moderator_id = ${userId}`);
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
    await tx.execute(
      sql`update comments set body = '', status = 'deleted', deleted_at = now(), findings = '[]'::jsonb where author_id = ${user.id} and status <> 'deleted'`,
    );
  }
  await tx.execute(sql`delete from reader_follows where follower_id = ${user.id} or followee_id = ${user.id}`);
  await tx.execute(
    sql`update comments set recommend_count = greatest(0, recommend_count - 1) where id in (select comment_id from comment_recommendations where user_id = ${user.id})`,
  );
  await tx.execute(sql`delete from comment_recommendations where user_id = ${user.id}`);
  await tx.execute(sql`delete from comment_flags where user_id = ${user.id}`);
  await tx.execute(sql`delete from comment_notifications where user_id = ${user.id}`);
  await tx.execute(sql`delete from comment_preferences where user_id = ${user.id}`);
}
