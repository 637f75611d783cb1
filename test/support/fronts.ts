import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import crypto from 'node:crypto';
import type { Container, FrontLayout, FrontScope } from '../../src/fronts/index.ts';
import type { Executor } from '../../src/platform/db/database.ts';
import { signedInStaff } from './accounts.ts';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from './app.ts';
import type { Staff } from './newsroom-editor.ts';

/**
 * The fronts' integration tests share this: the app on a settable clock, a writer, an editor
 * and an admin signed in, three published stories, one draft and one picture.
 */
export async function startFrontsWorld() {
  // The real time, to the minute: the job queue runs a job once either clock says it is due.
  const clock = { now: new Date(Math.floor(Date.now() / 60_000) * 60_000) };
  const t = await createTestApp({ now: () => clock.now });
  await seedBasics(t);
  const writer: Staff = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.41');
  const editor: Staff = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.42');
  const admin: Staff = await signedInStaff(t, 'admin', 'Ama Admin', '203.0.113.43');
  const publish = async (headline: string, status: 'published' | 'draft' = 'published') => {
    clock.now = new Date(clock.now.getTime() + 60_000); // each story a minute newer than the last
    const response = await t.admin('POST', '/api/admin/articles', validArticle({ headline, status }));
    if (response.statusCode !== 201) throw new Error(`setup failed: ${response.body}`);
    return response.json().id as string;
  };
  const stories = [await publish('Harbour reopens after storm'), await publish('Council votes on bridge'), await publish('Orchestra tours the coast')];
  const draftStory = await publish('Not yet ready', 'draft');
  const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#6a8caf' } })
    .jpeg()
    .toBuffer();
  const form = multipart({ alt: 'A blue field' }, { filename: 'photo.jpg', type: 'image/jpeg', data: photo });
  const uploaded = await t.app.inject({
    method: 'POST',
    url: '/api/admin/images',
    payload: form.payload,
    headers: { ...form.headers, authorization: `Bearer ${t.token}` },
  });
  const imageId = uploaded.json().id as string;
  return { t, clock, writer, editor, admin, stories, draftStory, imageId };
}

export type FrontsWorld = Awaited<ReturnType<typeof startFrontsWorld>>;

/** A call to the fronts tool's JSON API as the tool makes it. */
export const tool = (who: Staff, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
  who.agent.json(method, `/newsroom/api/fronts${url}`, body, who.csrf);

export const curated = (id: string, title: string, articleIds: string[], extra: Partial<Container> = {}): Container => ({
  id,
  title,
  layout: 'top',
  mode: 'curated',
  size: 8,
  cards: articleIds.map((articleId) => ({ articleId })),
  ...extra,
});

/** Opens the UK front as an editor; returns its id and its draft's version. */
export async function openUk(world: FrontsWorld): Promise<{ id: string; version: number; draft: FrontLayout }> {
  const opened = await tool(world.editor, 'POST', '/open', { scope: { kind: 'edition', edition: 'uk' } });
  if (opened.statusCode !== 200) throw new Error(`open failed: ${opened.body}`);
  const front = (await tool(world.editor, 'GET', `/${opened.json().id}`)).json();
  return { id: front.id, version: front.version, draft: front.draft };
}

/** Everything the fronts domain stores, to show a refusal wrote nothing. */
export async function frontRows(t: TestApp) {
  const result = (await t.db.database.db.execute(
    sql`select (select count(*) from fronts)::int as fronts, (select count(*) from front_versions)::int as versions,
          (select count(*) from front_schedules)::int as schedules, (select count(*) from jobs)::int as jobs,
          (select coalesce(string_agg(draft::text || draft_version::text || coalesce(published::text, ''), '|'), '') from fronts) as content`,
  )) as unknown as { rows: Record<string, unknown>[] };
  return result.rows[0];
}

export const errorOf = (response: LightMyRequestResponse) => response.json().error as { code: string; message: string; field?: string };

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
