import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

/**
 * A reader's alert subscriptions with their choices, and what each browser was sent. The
 * endpoint's keys are not given (they encrypt messages to the browser): only which push
 * service it is, which says where alerts went without handing out a working address.
 */
export async function alertsDataOf(executor: Executor, userId: string) {
  const [subscriptions, received, sent] = await Promise.all([
    rows<{ id: string; endpoint: string; choices: unknown; timeZone: string; createdAt: unknown; updatedAt: unknown }>(
      executor,
      sql`select id, endpoint, choices, time_zone as "timeZone", created_at as "createdAt", updated_at as "updatedAt" from push_subscriptions where user_id = ${userId} order by created_at`,
    ),
    rows(
      executor,
      sql`select d.subscription_id as "subscriptionId", a.title, a.url, d.status, d.sent_at as "sentAt", d.clicked_at as "clickedAt"
                         from alert_deliveries d join alerts a on a.id = d.alert_id
                        where d.subscription_id in (select id from push_subscriptions where user_id = ${userId}) order by a.send_at`,
    ),
    // Staff: the alerts they sent, as the newsroom's record of them.
    rows(executor, sql`select id, title, url, status, send_at as "sendAt" from alerts where created_by = ${userId} order by send_at`),
  ]);
  return { subscriptions, received, sent };
}

/** The reader's browsers stop receiving alerts; alerts they sent stay, without their name. */
export async function eraseAlertsData(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`delete from push_subscriptions where user_id = ${userId}`);
  await tx.execute(sql`update alerts set created_by = null where created_by = ${userId}`);
}
