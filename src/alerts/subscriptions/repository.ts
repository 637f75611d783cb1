import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { AlertChoices } from '../tables.ts';
import type { SubscriptionInput } from './validate.ts';
import { fromJson } from '../../platform/db/values.ts';

export interface SubscriptionRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userId: string | null;
  choices: AlertChoices;
  timeZone: string;
}

const COLUMNS = sql`id, endpoint, p256dh, auth, user_id as "userId", choices, time_zone as "timeZone"`;
const parse = (row: SqlRow): SubscriptionRow => ({ ...(row as SubscriptionRow), choices: fromJson(row.choices) });

/**
 * Stores a subscription, or updates the one with this endpoint (a browser subscribing again, or
 * changing its choices); `created` says which. Keys are replaced too: a browser may renew them.
 */
export async function saveSubscription(
  executor: Executor,
  input: SubscriptionInput & { userId: string | null; choices: AlertChoices; timeZone: string; at: Date },
): Promise<{ id: string; created: boolean }> {
  const [row] = await rows<{ id: string; created: boolean }>(
    executor,
    sql`insert into push_subscriptions (id, endpoint, p256dh, auth, user_id, choices, time_zone, created_at, updated_at)
        values (${crypto.randomUUID()}, ${input.endpoint}, ${input.p256dh}, ${input.auth}, ${input.userId}, ${JSON.stringify(input.choices)}::jsonb, ${input.timeZone},
                ${input.at.toISOString()}::timestamptz, ${input.at.toISOString()}::timestamptz)
        on conflict (endpoint) do update set p256dh = excluded.p256dh, auth = excluded.auth, choices = excluded.choices, time_zone = excluded.time_zone,
          user_id = coalesce(excluded.user_id, push_subscriptions.user_id), updated_at = excluded.updated_at
        returning id, (xmax = 0) as created`,
  );
  return row!;
}

export async function findByEndpoint(executor: Executor, endpoint: string): Promise<SubscriptionRow | null> {
  const [row] = await rows<SqlRow>(executor, sql`select ${COLUMNS} from push_subscriptions where endpoint = ${endpoint}`);
  return row ? parse(row) : null;
}

export async function deleteByEndpoint(executor: Executor, endpoint: string): Promise<boolean> {
  return (await rows(executor, sql`delete from push_subscriptions where endpoint = ${endpoint} returning id`)).length > 0;
}

export async function deleteById(executor: Executor, id: string): Promise<void> {
  await executor.execute(sql`delete from push_subscriptions where id = ${id}`);
}

export async function listOfUser(executor: Executor, userId: string): Promise<SubscriptionRow[]> {
  return (await rows<SqlRow>(executor, sql`select ${COLUMNS} from push_subscriptions where user_id = ${userId} order by created_at`)).map(parse);
}

/** What a subscription may choose from: editions, sections, topics and authors that exist. */
export async function knownChoices(executor: Executor) {
  const [row] = await rows<{ editions: string[]; sections: string[]; topics: string[]; authors: string[] }>(
    executor,
    sql`select array(select code from editions) as editions, array(select id::text from sections) as sections,
               array(select id::text from topics) as topics, array(select id::text from authors) as authors`,
  );
  return { editions: new Set(row!.editions), sections: new Set(row!.sections), topics: new Set(row!.topics), authors: new Set(row!.authors) };
}

/** A reader's browsers that chose to be told of replies to their comments. */
export async function replySubscriptions(executor: Executor, userId: string): Promise<SubscriptionRow[]> {
  return (await rows<SqlRow>(executor, sql`select ${COLUMNS} from push_subscriptions where user_id = ${userId} and (choices->>'replies')::boolean`)).map(parse);
}

/** How many subscriptions there are, counting no further than `limit` (a cap needs no more). */
export async function countUpTo(executor: Executor, limit: number): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from (select 1 from push_subscriptions limit ${limit}) as capped`);
  return row!.n;
}
