import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { engine } from '../../../test/support/database.ts';
import type { ContentChange } from '../../content/index.ts';

/**
 * The taxonomy page's two settings that are not taxonomy (a byline's account, a topic's
 * automatic alert) refresh cached pages through their own services, after commit, as the
 * taxonomy service does for names: comment threads on cached pages show the byline's badge.
 */
describe(`byline and topic-alert settings refresh cached pages on ${engine}`, () => {
  let t: TestApp;
  const changes: ContentChange['kind'][] = [];
  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    t.app.ctx.events.on('change', (change) => changes.push(change.kind));
  });
  after(() => t.close());

  it('linking a byline, and switching a topic alert, each announce one change once written', async () => {
    const editor = await signedInStaff(t, 'editor', 'Eda Editor');
    const writer = await signedInStaff(t, 'writer', 'Wim Writer');
    const author = ((await t.admin('GET', '/api/admin/authors')).json() as { items: { id: string }[] }).items[0]!;
    const topic = ((await t.admin('GET', '/api/admin/topics')).json() as { items: { id: string }[] }).items[0]!;

    changes.length = 0;
    const linked = await editor.agent.post('/newsroom/taxonomy/author/account', { _csrf: editor.csrf, id: author.id, userId: writer.id });
    assert.equal(linked.statusCode, 303, linked.body);
    assert.deepEqual(changes, ['everything']);

    changes.length = 0;
    const refused = await editor.agent.post('/newsroom/taxonomy/author/account', {
      _csrf: editor.csrf,
      id: author.id,
      userId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(refused.statusCode, 422, 'not a newsroom account');
    assert.deepEqual(changes, [], 'a refused change announces nothing');

    const switched = await editor.agent.post('/newsroom/taxonomy/topic/alerts', { _csrf: editor.csrf, id: topic.id, automatic: 'on' });
    assert.equal(switched.statusCode, 303, switched.body);
    assert.deepEqual(changes, ['everything']);
  });
});
