import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { type Agent, csrfOf } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';

type Staff = { agent: Agent; csrf: string; id: string };

describe(`newsroom taxonomy pages on ${engine}: sections, topics and authors`, () => {
  let t: TestApp;
  let writer: Staff;
  let editor: Staff;

  before(async () => {
    t = await createTestApp({ now: () => new Date('2036-11-27T09:00:00Z') });
    await seedBasics(t);
    writer = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.32');
    editor = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.33');
  });
  after(() => t.close());

  it('editors manage sections, topics and authors from the newsroom; writers cannot', async () => {
    assert.equal((await writer.agent.get('/newsroom/taxonomy')).statusCode, 403);
    const page = await editor.agent.get('/newsroom/taxonomy');
    assert.equal(page.statusCode, 200);
    const csrf = csrfOf(page.body);
    const made = await editor.agent.post('/newsroom/taxonomy/section', { _csrf: csrf, name: 'Europe', description: 'The continent.', parent: 'world' });
    assert.equal(made.statusCode, 303, made.body);
    const sections = (await t.admin('GET', '/api/admin/sections')).json().items as { slug: string; parent: string | null; id: string; version: number }[];
    const europe = sections.find((x) => x.slug === 'europe')!;
    assert.equal(europe.parent, 'world');
    const renamed = await editor.agent.post('/newsroom/taxonomy/section/update', {
      _csrf: csrf,
      id: europe.id,
      version: String(europe.version),
      name: 'Europe & the EU',
      description: '',
      parent: 'world',
    });
    assert.equal(renamed.statusCode, 303);
    assert.match((await t.get('/world')).body, /Europe &amp; the EU/);
    // Bad input gets the page again with the reason; nothing changes.
    const blank = await editor.agent.post('/newsroom/taxonomy/topic', { _csrf: csrf, name: '   ', description: '' });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /Name is required/);
    const control = await editor.agent.post('/newsroom/taxonomy/author', { _csrf: csrf, name: 'Bad\u0007Name', title: '', bio: '' });
    assert.equal(control.statusCode, 422);
    const used = await editor.agent.post('/newsroom/taxonomy/section/delete', { _csrf: csrf, id: sections.find((x) => x.slug === 'world')!.id });
    assert.equal(used.statusCode, 422);
    assert.match(used.body, /field-error/);
    assert.equal((await editor.agent.post('/newsroom/taxonomy/section/delete', { _csrf: csrf, id: europe.id })).statusCode, 303);
    assert.match((await t.get('/world')).body, /World/);
    const log = await t.db.database.db.execute(`select action from audit_events where target_type = 'section' order by at` as never);
    assert.deepEqual(
      (log as unknown as { rows: { action: string }[] }).rows.map((r) => r.action),
      ['section.create', 'section.update', 'section.delete'],
    );
  });
});
