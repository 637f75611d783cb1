import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import type { AlertChoices } from '../tables.ts';
import type { SubscriptionInput } from '../subscriptions/validate.ts';

/** A subscription made only to follow live blogs chose nothing else. */
const NOTHING_CHOSEN: AlertChoices = { breaking: [], sections: [], topics: [], authors: [], replies: false };

/**
 * The subscription with this endpoint, made (choosing nothing else) when the browser has none:
 * an existing one keeps its choices, and takes the browser's current keys.
 */
export async function ensureSubscription(
  executor: Executor,
  input: SubscriptionInput & { userId: string | null; timeZone: string; at: Date },
): Promise<{ id: string; created: boolean }> {
  const at = input.at.toISOString();
  const [row] = await rows<{ id: string; created: boolean }>(
    executor,
    sql`insert into push_subscriptions (id, endpoint, p256dh, auth, user_id, choices, time_zone, created_at, updated_at)
        values (${crypto.randomUUID()}, ${input.endpoint}, ${input.p256dh}, ${input.auth}, ${input.userId}, ${JSON.stringify(NOTHING_CHOSEN)}::jsonb,
                ${input.timeZone}, ${at}::timestamptz, ${at}::timestamptz)
        on conflict (endpoint) do update set p256dh = excluded.p256dh, auth = excluded.auth,
          user_id = coalesce(excluded.user_id, push_subscriptions.user_id), updated_at = excluded.updated_at
        returning id, (xmax = 0) as created`,
  );
  return row!;
}

/** How many live blogs a subscription follows. */
export async function followCount(executor: Executor, subscriptionId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from live_blog_follows where subscription_id = ${subscriptionId}`);
  return row!.n;
}

export async function follow(executor: Executor, subscriptionId: string, articleId: string, at: Date): Promise<void> {
  await executor.execute(
    sql`insert into live_blog_follows (subscription_id, article_id, created_at) values (${subscriptionId}, ${articleId}, ${at.toISOString()}::timestamptz)
        on conflict do nothing`,
  );
}

export async function isFollowing(executor: Executor, endpoint: string, articleId: string): Promise<boolean> {
  const found = await rows(
    executor,
    sql`select 1 from live_blog_follows f join push_subscriptions s on s.id = f.subscription_id where s.endpoint = ${endpoint} and f.article_id = ${articleId}`,
  );
  return found.length > 0;
}

/**
 * Subscriptions among `ids` that now receive nothing (no choice, no blog followed) are deleted:
 * a browser that followed one blog is forgotten with the follow.
 */
async function dropIdle(executor: Executor, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await executor.execute(
    sql`delete from push_subscriptions s where s.id = any(${`{${ids.join(',')}}`}::uuid[])
          and s.choices @> ${JSON.stringify(NOTHING_CHOSEN)}::jsonb and s.choices <@ ${JSON.stringify(NOTHING_CHOSEN)}::jsonb
          and not exists (select 1 from live_blog_follows f where f.subscription_id = s.id)`,
  );
}

/** This browser stops following the blog; false if it did not follow it (or is no subscription of ours). */
export async function unfollow(executor: Executor, endpoint: string, articleId: string): Promise<boolean> {
  const gone = await rows<{ id: string }>(
    executor,
    sql`delete from live_blog_follows f using push_subscriptions s
        where s.id = f.subscription_id and s.endpoint = ${endpoint} and f.article_id = ${articleId} returning f.subscription_id as id`,
  );
  await dropIdle(
    executor,
    gone.map((r) => r.id),
  );
  return gone.length > 0;
}

/** A closed blog's followers are forgotten. */
export async function forgetFollowers(executor: Executor, articleId: string): Promise<number> {
  const gone = await rows<{ id: string }>(executor, sql`delete from live_blog_follows where article_id = ${articleId} returning subscription_id as id`);
  await dropIdle(
    executor,
    gone.map((r) => r.id),
  );
  return gone.length;
}

/** Whether the key event already has its alert (sent, scheduled or superseded). */
export async function alertForEntry(executor: Executor, entryId: string): Promise<boolean> {
  return (await rows(executor, sql`select 1 from alerts where live_entry_id = ${entryId}`)).length > 0;
}

/** Key-event alerts still waiting for their time: of these entries, or of the whole blog. */
export async function waitingKeyEventAlerts(
  executor: Executor,
  where: { entryIds: string[] } | { articleId: string },
): Promise<{ id: string; articleId: string; entryId: string; sendAt: Date }[]> {
  const which =
    'entryIds' in where
      ? sql`live_entry_id = any(${`{${where.entryIds.join(',')}}`}::uuid[])`
      : sql`article_id = ${where.articleId} and live_entry_id is not null`;
  const found = await rows<{ id: string; articleId: string; entryId: string; sendAt: string | Date }>(
    executor,
    sql`select id, article_id as "articleId", live_entry_id as "entryId", send_at as "sendAt" from alerts where ${which} and status = 'scheduled'`,
  );
  return found.map((row) => ({ ...row, sendAt: new Date(row.sendAt) }));
}

/**
 * The blog's key-event alerts a newer one took the place of in the gap (cancelled, at the same
 * time to send), newest first: one of them goes instead when the newer one is withdrawn.
 */
export async function supersededKeyEventAlerts(executor: Executor, articleId: string, sendAt: Date): Promise<{ id: string; entryId: string }[]> {
  return rows(
    executor,
    sql`select id, live_entry_id as "entryId" from alerts where article_id = ${articleId} and live_entry_id is not null and status = 'cancelled'
        and send_at = ${sendAt.toISOString()}::timestamptz order by created_at desc`,
  );
}

/** The blog's latest key-event alert, for the gap between two. */
export async function lastKeyEventAlert(executor: Executor, articleId: string): Promise<{ id: string; status: string; sendAt: Date } | null> {
  const [row] = await rows<{ id: string; status: string; sendAt: string | Date }>(
    executor,
    sql`select id, status, send_at as "sendAt" from alerts where article_id = ${articleId} and live_entry_id is not null and status <> 'cancelled'
        order by send_at desc limit 1`,
  );
  return row ? { ...row, sendAt: new Date(row.sendAt) } : null;
}

/** The live blogs a reader's browsers follow, for their data export. */
export async function followsOfUser(executor: Executor, userId: string) {
  return rows<{ subscriptionId: string; articleId: string; followedAt: unknown }>(
    executor,
    sql`select f.subscription_id as "subscriptionId", f.article_id as "articleId", f.created_at as "followedAt"
        from live_blog_follows f join push_subscriptions s on s.id = f.subscription_id
        where s.user_id = ${userId} order by f.created_at`,
  );
}
