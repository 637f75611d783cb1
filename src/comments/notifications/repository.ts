import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { ReplyMail } from '../tables.ts';
import { toDate as date } from '../../platform/db/values.ts';

/** A reply someone wrote to one of the reader's comments, as the feed, the page and the e-mail show it. */
export interface ReplyNotice {
  id: string;
  commentId: string;
  articleId: string;
  headline: string;
  articlePath: string;
  fromId: string | null;
  fromName: string;
  body: string;
  at: Date;
  read: boolean;
}

const NOTICE = sql`n.id, n.comment_id as "commentId", c.article_id as "articleId", a.headline, '/' || s.slug || '/' || a.slug as "articlePath",
  u.id as "fromId", coalesce(u.display_name, 'A former reader') as "fromName", c.body, n.created_at as at, n.read_at is not null as read`;
const FROM = sql`comment_notifications n join comments c on c.id = n.comment_id join articles a on a.id = c.article_id join sections s on s.id = a.section_id left join users u on u.id = c.author_id`;

const toNotice = (row: SqlRow): ReplyNotice => ({ ...(row as ReplyNotice), at: date(row.at) });

/** Records that `userId` has a reply to read; false when it was already recorded. */
export async function addNotification(executor: Executor, userId: string, commentId: string, at: Date): Promise<string | null> {
  const id = crypto.randomUUID();
  const made = await rows<{ id: string }>(
    executor,
    sql`insert into comment_notifications (id, user_id, comment_id, created_at) values (${id}, ${userId}, ${commentId}, ${at.toISOString()}::timestamptz)
        on conflict (user_id, comment_id) do nothing returning id`,
  );
  return made[0]?.id ?? null;
}

/** Replies to the reader, newest first; only replies still published. */
export async function listNotices(
  executor: Executor,
  userId: string,
  options: { before?: Date; limit: number; unmailedOnly?: boolean },
): Promise<ReplyNotice[]> {
  const found = await rows<SqlRow>(
    executor,
    sql`select ${NOTICE} from ${FROM}
        where n.user_id = ${userId} and c.status = 'published'
          ${options.before ? sql`and n.created_at < ${options.before.toISOString()}::timestamptz` : sql``}
          ${options.unmailedOnly ? sql`and n.mailed_at is null and n.read_at is null` : sql``}
        order by n.created_at desc limit ${options.limit}`,
  );
  return found.map(toNotice);
}

export async function findNotice(executor: Executor, userId: string, commentId: string): Promise<ReplyNotice | null> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select ${NOTICE} from ${FROM} where n.user_id = ${userId} and n.comment_id = ${commentId} and c.status = 'published'`,
  );
  return row ? toNotice(row) : null;
}

export async function countUnread(executor: Executor, userId: string): Promise<number> {
  const [row] = await rows<{ count: number }>(
    executor,
    sql`select count(*)::int as count from comment_notifications n join comments c on c.id = n.comment_id where n.user_id = ${userId} and n.read_at is null and c.status = 'published'`,
  );
  return row?.count ?? 0;
}

export async function markAllRead(executor: Executor, userId: string, at: Date): Promise<void> {
  await executor.execute(sql`update comment_notifications set read_at = ${at.toISOString()}::timestamptz where user_id = ${userId} and read_at is null`);
}

/** Marks these as e-mailed; returns the ids this call marked (another worker may have been first). */
export async function markMailed(executor: Executor, ids: string[], at: Date): Promise<string[]> {
  if (!ids.length) return [];
  const marked = await rows<{ id: string }>(
    executor,
    sql`update comment_notifications set mailed_at = ${at.toISOString()}::timestamptz
        where id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and mailed_at is null returning id`,
  );
  return marked.map((r) => r.id);
}

/** Readers with replies not yet read or mailed who chose `choice` (readers without a row chose the default, daily). */
export async function readersToMail(executor: Executor, choice: ReplyMail): Promise<{ userId: string; email: string; name: string }[]> {
  return rows(
    executor,
    sql`select distinct u.id as "userId", u.email, u.display_name as name
        from comment_notifications n join users u on u.id = n.user_id left join comment_preferences p on p.user_id = u.id
        where n.mailed_at is null and n.read_at is null and u.state = 'active' and u.email_verified_at is not null
          and coalesce(p.reply_mail, 'daily') = ${choice}`,
  );
}

export async function replyMailChoice(executor: Executor, userId: string): Promise<ReplyMail> {
  const [row] = await rows<{ replyMail: ReplyMail }>(executor, sql`select reply_mail as "replyMail" from comment_preferences where user_id = ${userId}`);
  return row?.replyMail ?? 'daily';
}

export async function saveReplyMailChoice(executor: Executor, userId: string, choice: ReplyMail, at: Date): Promise<void> {
  await executor.execute(
    sql`insert into comment_preferences (user_id, reply_mail, updated_at) values (${userId}, ${choice}, ${at.toISOString()}::timestamptz)
        on conflict (user_id) do update set reply_mail = excluded.reply_mail, updated_at = excluded.updated_at`,
  );
}

export async function mailAddress(executor: Executor, userId: string): Promise<{ email: string; name: string; verified: boolean; active: boolean } | null> {
  const [row] = await rows<{ email: string; name: string; verified: boolean; active: boolean }>(
    executor,
    sql`select email, display_name as name, email_verified_at is not null as verified, state = 'active' as active from users where id = ${userId}`,
  );
  return row ?? null;
}
