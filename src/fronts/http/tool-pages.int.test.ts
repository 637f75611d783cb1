import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { csrfOf, type Agent } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';

describe(`the fronts tool's pages on ${engine}`, () => {
  let t: TestApp;
  let writer: { agent: Agent };
  let editor: { agent: Agent };
  let frontId = '';

  before(async () => {
    t = await createTestApp({ now: () => new Date('2036-11-27T09:00:00Z') });
    await seedBasics(t);
    writer = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.42');
    editor = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.43');
  });
  after(() => t.close());

  it('lists every edition front and section front with its state, and opens one from its button', async () => {
    assert.equal((await writer.agent.get('/newsroom/fronts')).statusCode, 403);
    const list = await editor.agent.get('/newsroom/fronts');
    assert.equal(list.statusCode, 200, list.body);
    assert.match(list.body, /Section front/);
    assert.match(list.body, /Edition front/);
    assert.match(list.body, /Automatic \(never opened\)/);
    const edition = /name="edition" value="([a-z]+)"/.exec(list.body)![1]!;
    const opened = await editor.agent.post('/newsroom/fronts/open', { _csrf: csrfOf(list.body), edition });
    assert.equal(opened.statusCode, 303, opened.body);
    frontId = /^\/newsroom\/fronts\/([0-9a-f-]{36})$/.exec(String(opened.headers.location))![1]!;
    const again = await editor.agent.post('/newsroom/fronts/open', { _csrf: csrfOf(list.body), edition });
    assert.equal(again.headers.location, `/newsroom/fronts/${frontId}`, 'opening is idempotent');
    assert.match((await editor.agent.get('/newsroom/fronts')).body, new RegExp(`href="/newsroom/fronts/${frontId}"`));
    const nothing = await editor.agent.post('/newsroom/fronts/open', { _csrf: csrfOf(list.body) });
    assert.equal(nothing.statusCode, 422);
    assert.match(nothing.body, /Choose an edition or a section/);
    assert.equal((await editor.agent.post('/newsroom/fronts/open', { _csrf: csrfOf(list.body), edition: 'zz' })).statusCode, 422);
  });

  it('opens the tool on a front for editors, with its own stylesheet; writers are refused and unknown fronts are 404', async () => {
    assert.equal((await writer.agent.get(`/newsroom/fronts/${frontId}`)).statusCode, 403);
    const page = await editor.agent.get(`/newsroom/fronts/${frontId}`);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /data-island="fronts-tool"/);
    assert.match(page.body, / front/);
    const stylesheet = /href="(\/newsroom\/fronts\/assets\/tool-[^"]+\.css)"/.exec(page.body)?.[1];
    assert.ok(stylesheet, 'the page links the tool stylesheet');
    const css = await t.get(stylesheet);
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    assert.match(css.body, /\.fronts-tool/);
    assert.equal((await t.get('/newsroom/fronts/assets/tool-nothing.css')).statusCode, 404);
    assert.equal((await editor.agent.get(`/newsroom/fronts/${randomUUID()}`)).statusCode, 404);
    assert.equal((await editor.agent.get('/newsroom/fronts/not-an-id')).statusCode, 404);
  });

  it('lists Fronts in the newsroom menu for editors only', async () => {
    assert.match((await editor.agent.get('/newsroom')).body, /href="\/newsroom\/fronts"/);
    assert.doesNotMatch((await writer.agent.get('/newsroom')).body, /href="\/newsroom\/fronts"/);
  });
});
