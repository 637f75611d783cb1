import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { askTests } from '../tables.ts';
import type { AskTest } from './types.ts';

export type AskTestRow = typeof askTests.$inferSelect;

export const toAskTest = (row: AskTestRow): AskTest => ({
  id: row.id,
  name: row.name,
  slot: row.slot,
  status: row.status,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
  priority: row.priority,
  targeting: row.targeting,
  caps: row.caps,
  variants: row.variants,
});

/** Tests that may show (their schedule is checked when choosing, against the clock then). */
export async function liveTests(executor: Executor): Promise<AskTest[]> {
  return (
    await executor
      .select()
      .from(askTests)
      .where(sql`${askTests.status} = 'live'`)
  ).map(toAskTest);
}

export async function findTestRow(executor: Executor, id: string): Promise<AskTestRow | null> {
  const [row] = await executor
    .select()
    .from(askTests)
    .where(sql`${askTests.id} = ${id}`);
  return row ?? null;
}

export async function findTest(executor: Executor, id: string): Promise<AskTest | null> {
  const row = await findTestRow(executor, id);
  return row ? toAskTest(row) : null;
}

export async function insertTest(executor: Executor, test: Omit<AskTest, 'id'>, at: Date): Promise<AskTest> {
  const [row] = await executor
    .insert(askTests)
    .values({ ...test, id: crypto.randomUUID(), createdAt: at, updatedAt: at })
    .returning();
  return toAskTest(row!);
}

export type AskEventKind = 'view' | 'click' | 'close';

/** Adds one to a variant's count for the day and country; a variant the test does not have is ignored. */
export async function countEvent(
  executor: Executor,
  event: { testId: string; variantId: string; kind: AskEventKind; country: string | null; at: Date },
): Promise<boolean> {
  const column = sql.raw({ view: 'views', click: 'clicks', close: 'closes' }[event.kind]);
  const done = await rows(
    executor,
    sql`insert into ask_stats (test_id, variant_id, day, country, ${column})
        select t.id, ${event.variantId}, (${event.at.toISOString()}::timestamptz at time zone 'UTC')::date, ${event.country ?? ''}, 1
        from ask_tests t where t.id = ${event.testId} and t.variants @> ${JSON.stringify([{ id: event.variantId }])}::jsonb
        on conflict (test_id, variant_id, day, country) do update set ${column} = ask_stats.${column} + 1
        returning test_id`,
  );
  return done.length > 0;
}

/** Where a published article sits, for targeting by section and topic. */
export async function articlePlacement(executor: Executor, articleId: string): Promise<{ sectionId: string; topicIds: string[] } | null> {
  const [found] = await rows<{ sectionId: string; topicIds: string[] }>(
    executor,
    sql`select a.section_id as "sectionId", coalesce(array_agg(t.topic_id::text) filter (where t.topic_id is not null), '{}') as "topicIds"
        from articles a left join article_topics t on t.article_id = a.id
        where a.id = ${articleId} and a.status = 'published' group by a.section_id`,
  );
  return found ?? null;
}

export async function allTests(executor: Executor): Promise<AskTestRow[]> {
  return executor
    .select()
    .from(askTests)
    .orderBy(sql`${askTests.status} = 'live' desc, ${askTests.updatedAt} desc`);
}

/** Saves the newsroom's edit if nobody saved in between (the version it edited is still current). */
export async function updateTest(executor: Executor, id: string, version: number, test: Omit<AskTest, 'id' | 'status'>, at: Date): Promise<boolean> {
  const done = await executor
    .update(askTests)
    .set({ ...test, version: sql`${askTests.version} + 1`, updatedAt: at })
    .where(sql`${askTests.id} = ${id} and ${askTests.version} = ${version}`)
    .returning({ id: askTests.id });
  return done.length > 0;
}

export async function setTestStatus(executor: Executor, id: string, status: AskTest['status'], at: Date): Promise<void> {
  await executor
    .update(askTests)
    .set({ status, version: sql`${askTests.version} + 1`, updatedAt: at })
    .where(sql`${askTests.id} = ${id}`);
}

/**
 * Makes changes to tests wait for each other until the caller's transaction ends, so two
 * editors starting two tests at once cannot both pass the check that no live tests tie.
 */
export async function lockTests(executor: Executor): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext('ask-tests'))`);
}
