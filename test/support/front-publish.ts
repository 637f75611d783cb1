import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FrontLayout, FrontScope } from '../../src/fronts/index.ts';
import type { Executor } from '../../src/platform/db/database.ts';

/**
 * Tests' stand-in for the fronts service's publish: writes a scope's front row with `layout` as
 * both its draft and its published version, then announces the change as the service does
 * after its commit. Test support only: the site reads fronts, it never writes them.
 */
export async function publishFrontForTest(
  app: { ctx: { database: { db: Executor }; events: { frontChanged(id: string): void } } },
  scope: FrontScope,
  layout: FrontLayout,
  options: { draftOnly?: boolean } = {},
): Promise<string> {
  const db = app.ctx.database.db;
  const json = JSON.stringify(layout);
  const published = options.draftOnly ? sql`null` : sql`${json}::jsonb`;
  const where = scope.kind === 'edition' ? sql`edition = ${scope.edition}` : sql`section_id = ${scope.sectionId}::uuid`;
  const found = (await db.execute(sql`select id from fronts where ${where}`)) as unknown as { rows: { id: string }[] };
  let id = found.rows[0]?.id;
  if (id) {
    await db.execute(sql`update fronts set draft = ${json}::jsonb, draft_version = draft_version + 1,
      published = coalesce(${published}, published),
      published_number = case when ${published} is null then published_number else coalesce(published_number, 0) + 1 end,
      published_at = case when ${published} is null then published_at else now() end where id = ${id}::uuid`);
  } else {
    id = crypto.randomUUID();
    await db.execute(sql`insert into fronts (id, edition, section_id, draft, draft_actor, published, published_number, published_at)
      values (${id}::uuid, ${scope.kind === 'edition' ? scope.edition : null}, ${scope.kind === 'section' ? scope.sectionId : null}::uuid,
              ${json}::jsonb, 'account:tests', ${published}, ${options.draftOnly ? null : 1}::int, ${options.draftOnly ? null : new Date().toISOString()}::timestamptz)`);
  }
  if (!options.draftOnly) app.ctx.events.frontChanged(id);
  return id;
}
