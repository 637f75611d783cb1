import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { AuthorRecord, Finding } from './pipeline.ts';
import { moderationEvents } from '../tables.ts';
import { toDateOrNull as date, fromJson } from '../../platform/db/values.ts';

/** A comment as a moderator sees it: with where it is, who wrote it and what was found. */
export interface QueueItem {
  id: string;
  articleId: string;
  headline: string;
  articlePath: string;
  authorId: string | null;
  authorName: string;
  body: string;
  status: string;
  findings: Finding[];
  createdAt: Date;
  flags: { reason: string; note: string }[];
}

export type QueueName = 'held' | 'flagged' | 'recent';

const ITEM = sql`c.id, c.article_id as "articleId", a.headline, '/' || s.slug || '/' || a.slug as "articlePath", u.id as "authorId",
  coalesce(u.display_name, 'A former reader') as "authorName", c.body, c.status, c.findings, c.created_at as "createdAt",
  coalesce((select json_agg(json_build_object('reason', f.reason, 'note', f.note) order by f.created_at)
            from comment_flags f where f.comment_id = c.id and f.resolved_at is null), '[]'::json) as flags`;
const FROM = sql`comments c join articles a on a.id = c.article_id join sections s on s.id = a.section_id left join users u on u.id = c.author_id`;

const toItem = (row: SqlRow): QueueItem => ({
  ...(row as QueueItem),
  createdAt: date(row.createdAt)!,
  findings: fromJson(row.findings),
  flags: fromJson(row.flags),
});

/**
 * The three queues: held comments waiting (oldest first: they wait longest), published comments
 * with open flags (most flagged first), and the latest published comments.
 */
export async function listQueue(executor: Executor, queue: QueueName, limit: number): Promise<QueueItem[]> {
  const query =
    queue === 'held'
      ? sql`select ${ITEM} from ${FROM} where c.status = 'held' order by c.created_at asc limit ${limit}`
      : queue === 'flagged'
        ? sql`select ${ITEM} from ${FROM} join (select comment_id, count(*) as n, min(created_at) as first from comment_flags where resolved_at is null group by comment_id) open
                on open.comment_id = c.id where c.status = 'published' order by open.n desc, open.first asc limit ${limit}`
        : sql`select ${ITEM} from ${FROM} where c.status = 'published' order by c.created_at desc limit ${limit}`;
  return (await rows<SqlRow>(executor, query)).map(toItem);
}

export async function queueSizes(executor: Executor): Promise<Record<QueueName, number>> {
  const [row] = await rows<{ held: number; flagged: number }>(
    executor,
    sql`select (select count(*)::int from comments where status = 'held') as held,
               (select count(distinct f.comment_id)::int from comment_flags f join comments c on c.id = f.comment_id where f.resolved_at is null and c.status = 'published') as flagged`,
  );
  return { held: row?.held ?? 0, flagged: row?.flagged ?? 0, recent: 0 };
}

export async function findItem(executor: Executor, id: string): Promise<QueueItem | null> {
  const [row] = await rows<SqlRow>(executor, sql`select ${ITEM} from ${FROM} where c.id = ${id}`);
  return row ? toItem(row) : null;
}

/** Closes the open flags on a comment: a moderator has looked at it. */
export async function resolveFlags(executor: Executor, commentId: string, at: Date): Promise<number> {
  const resolved = await rows(
    executor,
    sql`update comment_flags set resolved_at = ${at.toISOString()}::timestamptz where comment_id = ${commentId} and resolved_at is null returning user_id`,
  );
  return resolved.length;
}

export async function setStatus(executor: Executor, id: string, status: 'published' | 'rejected'): Promise<void> {
  await executor.execute(sql`update comments set status = ${status} where id = ${id}`);
}

export async function saveSanction(
  executor: Executor,
  sanction: { userId: string; kind: 'ban' | 'suspension'; until: Date | null; reason: string; moderatorId: string; at: Date },
): Promise<void> {
  await executor.execute(
    sql`insert into comment_sanctions (user_id, kind, until, reason, moderator_id, created_at)
        values (${sanction.userId}, ${sanction.kind}, ${sanction.until?.toISOString() ?? null}::timestamptz, ${sanction.reason}, ${sanction.moderatorId}, ${sanction.at.toISOString()}::timestamptz)
        on conflict (user_id) do update set kind = excluded.kind, until = excluded.until, reason = excluded.reason, moderator_id = excluded.moderator_id, created_at = excluded.created_at`,
  );
}

export async function deleteSanction(executor: Executor, userId: string): Promise<boolean> {
  return (await rows(executor, sql`delete from comment_sanctions where user_id = ${userId} returning user_id`)).length > 0;
}

export interface ReaderHistory {
  reader: { id: string; name: string; email: string; role: string; createdAt: Date; state: string };
  sanction: { kind: string; until: Date | null; reason: string } | null;
  counts: { published: number; held: number; rejected: number; deleted: number; flagsAgainst: number };
  comments: QueueItem[];
  events: { action: string; reason: string; at: Date; moderator: string | null; commentId: string | null }[];
}

/** Everything a moderator reads before deciding about a reader. */
export async function readerHistory(executor: Executor, userId: string, now: Date): Promise<ReaderHistory | null> {
  const [reader] = await rows<SqlRow>(
    executor,
    sql`select id, display_name as name, email, role, created_at as "createdAt", state from users where id = ${userId}`,
  );
  if (!reader) return null;
  const [sanction] = await rows<SqlRow>(
    executor,
    sql`select kind, until, reason from comment_sanctions where user_id = ${userId} and (until is null or until > ${now.toISOString()}::timestamptz)`,
  );
  const [counts] = await rows<ReaderHistory['counts']>(
    executor,
    sql`select count(*) filter (where status = 'published')::int as published, count(*) filter (where status = 'held')::int as held,
               count(*) filter (where status = 'rejected')::int as rejected, count(*) filter (where status = 'deleted')::int as deleted,
               (select count(*)::int from comment_flags f join comments c2 on c2.id = f.comment_id where c2.author_id = ${userId}) as "flagsAgainst"
        from comments where author_id = ${userId}`,
  );
  const comments = await rows<SqlRow>(executor, sql`select ${ITEM} from ${FROM} where c.author_id = ${userId} order by c.created_at desc limit 50`);
  const events = await rows<SqlRow>(
    executor,
    sql`select e.action, e.reason, e.created_at as at, m.display_name as moderator, e.comment_id as "commentId"
        from moderation_events e left join users m on m.id = e.moderator_id where e.user_id = ${userId} order by e.created_at desc limit 50`,
  );
  return {
    reader: { ...(reader as ReaderHistory['reader']), createdAt: date(reader.createdAt)! },
    sanction: sanction ? { kind: sanction.kind, until: date(sanction.until), reason: sanction.reason } : null,
    counts: counts!,
    comments: comments.map(toItem),
    events: events.map((e) => ({ action: e.action, reason: e.reason, at: date(e.at)!, moderator: e.moderator, commentId: e.commentId })),
  };
}

const SETTINGS_KEY = 'comments.moderation';

/** The newsroom's moderation settings as stored (the caller lays them over the defaults). */
export async function storedModerationSettings(executor: Executor): Promise<unknown> {
  const [row] = await rows<{ value: unknown }>(executor, sql`select value from site_settings where key = ${SETTINGS_KEY}`);
  return row ? fromJson(row.value) : null;
}

export async function saveModerationSettings(executor: Executor, value: object, by: string, at: Date): Promise<void> {
  await executor.execute(
    sql`insert into site_settings (key, value, updated_at, updated_by) values (${SETTINGS_KEY}, ${JSON.stringify(value)}::jsonb, ${at.toISOString()}::timestamptz, ${by})
        on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
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
export async function posterRecord(
  executor: Executor,
  user: { id: string; createdAt: Date; staff: boolean },
  now: Date,
): Promise<{ record: AuthorRecord; sanction: Sanction | null }> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - 24 * 60 * 60_000).toISOString();
  const [row] = await rows<SqlRow>(
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

export async function recordModeration(
  executor: Executor,
  event: { userId: string | null; commentId?: string | null; moderatorId?: string | null; action: string; reason: string; at: Date },
): Promise<void> {
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
