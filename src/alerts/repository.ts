import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/database.ts';
import { type DeliveryStatus, alerts, type Audience } from './tables.ts';

export type AlertRow = typeof alerts.$inferSelect;

export async function insertAlert(executor: Executor, row: Omit<typeof alerts.$inferInsert, 'id'>): Promise<AlertRow> {
  const [made] = await executor
    .insert(alerts)
    .values({ ...row, id: crypto.randomUUID() })
    .returning();
  return made!;
}

export async function findAlert(executor: Executor, id: string): Promise<AlertRow | null> {
  const [row] = await executor
    .select()
    .from(alerts)
    .where(sql`${alerts.id} = ${id}`);
  return row ?? null;
}

export async function setAlertStatus(executor: Executor, id: string, status: AlertRow['status'], at: Date, from?: AlertRow['status'][]): Promise<boolean> {
  const done = await rows(
    executor,
    sql`update alerts set status = ${status}, finished_at = ${status === 'sent' || status === 'cancelled' ? at.toISOString() : null}::timestamptz
        where id = ${id} ${
          from
            ? sql`and status in (${sql.join(
                from.map((f) => sql`${f}`),
                sql`, `,
              )})`
            : sql``
        } returning id`,
  );
  return done.length > 0;
}

/** The subscriptions an audience reaches, as a SQL condition on `s` (jsonb containment, indexed by the planner's choice). */
function reaches(audience: Audience) {
  if (audience.kind === 'breaking') return sql`s.choices->'breaking' ? ${audience.edition}`;
  if (audience.kind === 'live-blog') return sql`exists (select 1 from live_blog_follows f where f.subscription_id = s.id and f.article_id = ${audience.id})`;
  const key = { section: 'sections', topic: 'topics', author: 'authors' }[audience.kind];
  return sql`s.choices->${key} ? ${audience.id}`;
}

/** Many ids as one array parameter rather than one placeholder each. */
const uuidArray = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * An automatic alert for a new article skips subscriptions already given (or about to be given)
 * this article by another alert: a reader following two of its topics gets it once. A live
 * blog's key events are each news of their own, neither skipped nor making others skip.
 */
const notYetAlerted = (articleId: string, alertId: string) =>
  sql`and not exists (select 1 from alert_deliveries o join alerts a on a.id = o.alert_id
                      where o.subscription_id = s.id and a.article_id = ${articleId} and a.id <> ${alertId} and a.live_entry_id is null
                        and o.status in ('pending', 'sent'))`;

/** Alerts for one article are planned one after another, so the rule above sees the others' deliveries. */
export async function lockArticleAlerts(executor: Executor, articleId: string): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${`alerts:${articleId}`}))`);
}

/** Topics among `topicIds` that send their new articles as alerts. */
export async function automaticTopics(executor: Executor, topicIds?: string[]): Promise<Set<string>> {
  if (topicIds && !topicIds.length) return new Set();
  const found = await rows<{ id: string }>(
    executor,
    sql`select topic_id as id from alert_topics ${topicIds ? sql`where topic_id = any(${uuidArray(topicIds)})` : sql``}`,
  );
  return new Set(found.map((r) => r.id));
}

export async function setAutomaticTopic(executor: Executor, topicId: string, on: boolean, at: Date): Promise<void> {
  if (on)
    await executor.execute(sql`insert into alert_topics (topic_id, created_at) values (${topicId}, ${at.toISOString()}::timestamptz) on conflict do nothing`);
  else await executor.execute(sql`delete from alert_topics where topic_id = ${topicId}`);
}

/** The topics already sent an automatic alert for this article (a job run twice sends none again). */
export async function automaticAlertTopics(executor: Executor, articleId: string): Promise<Set<string>> {
  const found = await rows<{ id: string }>(
    executor,
    sql`select audience->>'id' as id from alerts where article_id = ${articleId} and automatic and audience->>'kind' = 'topic'`,
  );
  return new Set(found.map((r) => r.id));
}

/**
 * Writes one delivery per subscription the alert reaches, numbered for batching; subscriptions
 * in their quiet hours (22:00 to 07:00 in their zone) or over the daily cap are recorded as
 * skipped unless the alert is breaking news. Running it again adds nothing.
 */
export async function planDeliveries(executor: Executor, alert: AlertRow, options: { dailyCap: number; at: Date }): Promise<number> {
  const at = options.at.toISOString();
  await executor.execute(
    sql`insert into alert_deliveries (alert_id, subscription_id, seq, status)
        select ${alert.id}, s.id, row_number() over (order by s.id),
               case when ${alert.breaking} then 'pending'
                    when extract(hour from (${at}::timestamptz at time zone s.time_zone)) >= 22
                      or extract(hour from (${at}::timestamptz at time zone s.time_zone)) < 7 then 'skipped'
                    when (select count(*) from alert_deliveries d where d.subscription_id = s.id and d.status = 'sent'
                            and d.sent_at > ${at}::timestamptz - interval '1 day') >= ${options.dailyCap} then 'skipped'
                    else 'pending' end
        from push_subscriptions s where ${reaches(alert.audience)} ${alert.automatic && alert.articleId && !alert.liveEntryId ? notYetAlerted(alert.articleId, alert.id) : sql``}
        on conflict (alert_id, subscription_id) do nothing`,
  );
  const [row] = await rows<{ last: number }>(executor, sql`select coalesce(max(seq), 0)::int as last from alert_deliveries where alert_id = ${alert.id}`);
  return row!.last;
}

export interface PendingDelivery {
  seq: number;
  subscriptionId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  attempts: number;
}

export async function pendingInRange(executor: Executor, alertId: string, from: number, to: number): Promise<PendingDelivery[]> {
  return rows(
    executor,
    sql`select d.seq, d.subscription_id as "subscriptionId", s.endpoint, s.p256dh, s.auth, d.attempts
        from alert_deliveries d join push_subscriptions s on s.id = d.subscription_id
        where d.alert_id = ${alertId} and d.seq between ${from} and ${to} and d.status = 'pending'
        order by d.seq`,
  );
}

/**
 * Marks every still-pending delivery numbered `from` to `to` as sent, but those in `except`:
 * one range scan, where naming 500 deliveries one by one costs three times as much.
 */
export async function markSentRange(executor: Executor, alertId: string, from: number, to: number, except: number[], at: Date): Promise<void> {
  await executor.execute(
    sql`update alert_deliveries set status = 'sent', sent_at = ${at.toISOString()}::timestamptz, attempts = attempts + 1, last_error = null
        where alert_id = ${alertId} and seq between ${from} and ${to} and status = 'pending'
          ${except.length ? sql`and seq <> all(${`{${except.join(',')}}`}::int[])` : sql``}`,
  );
}

/** Records the outcome for many deliveries at once. */
export async function markDeliveries(
  executor: Executor,
  alertId: string,
  subscriptionIds: string[],
  change: { status: DeliveryStatus; error?: string | null; at: Date; attempted: boolean },
): Promise<void> {
  if (!subscriptionIds.length) return;
  await executor.execute(
    sql`update alert_deliveries set status = ${change.status}, last_error = ${change.error ?? null},
          attempts = attempts + ${change.attempted ? 1 : 0},
          sent_at = case when ${change.status} = 'sent' then ${change.at.toISOString()}::timestamptz else sent_at end
        where alert_id = ${alertId} and subscription_id = any(${uuidArray(subscriptionIds)})`,
  );
}

export async function deleteSubscriptions(executor: Executor, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await executor.execute(sql`delete from push_subscriptions where id = any(${uuidArray(ids)})`);
}

export async function pendingCount(executor: Executor, alertId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from alert_deliveries where alert_id = ${alertId} and status = 'pending'`);
  return row!.n;
}

export interface AlertReport {
  targeted: number;
  sent: number;
  failed: number;
  expired: number;
  skipped: number;
  pending: number;
  clicked: number;
}

export async function report(executor: Executor, alertId: string): Promise<AlertReport> {
  const [row] = await rows<AlertReport>(
    executor,
    sql`select count(*)::int as targeted, count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'failed')::int as failed,
               count(*) filter (where status = 'expired')::int as expired, count(*) filter (where status = 'skipped')::int as skipped,
               count(*) filter (where status = 'pending')::int as pending, count(clicked_at)::int as clicked
        from alert_deliveries where alert_id = ${alertId}`,
  );
  return row!;
}

/** The service worker reports a click: once per delivery. */
export async function recordClick(executor: Executor, alertId: string, endpoint: string, at: Date): Promise<boolean> {
  const done = await rows(
    executor,
    sql`update alert_deliveries d set clicked_at = ${at.toISOString()}::timestamptz
        from push_subscriptions s where s.id = d.subscription_id and s.endpoint = ${endpoint} and d.alert_id = ${alertId} and d.clicked_at is null
        returning d.alert_id`,
  );
  return done.length > 0;
}

/** The latest alerts with their reports, for the newsroom's list: two queries however many. */
export async function listRecent(executor: Executor, limit: number): Promise<{ alert: AlertRow; report: AlertReport }[]> {
  const list = await executor
    .select()
    .from(alerts)
    .orderBy(sql`${alerts.createdAt} desc, ${alerts.sendAt} desc, ${alerts.id}`)
    .limit(limit);
  if (!list.length) return [];
  const counts = await rows<AlertReport & { alertId: string }>(
    executor,
    sql`select alert_id as "alertId", count(*)::int as targeted, count(*) filter (where status = 'sent')::int as sent,
               count(*) filter (where status = 'failed')::int as failed, count(*) filter (where status = 'expired')::int as expired,
               count(*) filter (where status = 'skipped')::int as skipped, count(*) filter (where status = 'pending')::int as pending,
               count(clicked_at)::int as clicked
        from alert_deliveries where alert_id = any(${uuidArray(list.map((a) => a.id))}) group by alert_id`,
  );
  const empty: AlertReport = { targeted: 0, sent: 0, failed: 0, expired: 0, skipped: 0, pending: 0, clicked: 0 };
  const by = new Map(counts.map(({ alertId, ...report }) => [alertId, report]));
  return list.map((alert) => ({ alert, report: by.get(alert.id) ?? empty }));
}
