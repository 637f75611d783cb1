import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Container, FrontLayout } from '../../src/fronts/index.ts';
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

/** The audit log's entries about one kind of target, oldest first: who did what to which. */
export async function auditRows(t: TestApp, targetType: string) {
  const result = (await t.db.database.db.execute(
    sql`select actor_kind as "actorKind", actor_name as "actorName", action, target_id as "targetId", details
          from audit_events where target_type = ${targetType} order by at, action`,
  )) as unknown as { rows: { actorKind: string; actorName: string; action: string; targetId: string; details: Record<string, unknown> }[] };
  return result.rows;
}
