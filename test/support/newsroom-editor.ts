import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, seedBasics } from './app.ts';
import { signedInStaff } from './accounts.ts';
import { type Agent, csrfOf } from './agent.ts';

export type Staff = { agent: Agent; csrf: string; id: string };

/** The newsroom editor's integration tests share this: the app on their clock, one person of each staff role signed in, and a photo. */
export async function startEditorWorld(now: () => Date) {
  const t = await createTestApp({ now });
  await seedBasics(t);
  const contributor: Staff = await signedInStaff(t, 'contributor', 'Cora Contributor', '203.0.113.31');
  const writer: Staff = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.32');
  const editor: Staff = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.33');
  const photo = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#6a8caf' } })
    .jpeg()
    .toBuffer();
  return { t, contributor, writer, editor, photo };
}

export const api = (who: Staff, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  who.agent.json(method, `/newsroom/api${url}`, body, who.csrf);
export const body = (text: string) => [{ type: 'paragraph', content: [{ text }] }];

/** Starts an article the way the newsroom's form does; returns its id. */
export async function start(who: Staff, headline: string) {
  const home = await who.agent.get('/newsroom');
  assert.equal(home.statusCode, 200);
  const made = await who.agent.post('/newsroom/articles', { _csrf: csrfOf(home.body), headline, section: 'world' });
  assert.equal(made.statusCode, 303, made.body);
  return /\/newsroom\/articles\/([0-9a-f-]{36})$/.exec(String(made.headers.location))![1]!;
}
