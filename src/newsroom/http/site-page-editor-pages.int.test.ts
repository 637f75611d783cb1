import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { csrfOf } from '../../../test/support/agent.ts';
import { body, startEditorWorld, type Staff } from '../../../test/support/newsroom-editor.ts';
import type { TestApp } from '../../../test/support/app.ts';

const props = (html: string) =>
  JSON.parse(
    /data-island="page-editor"[^>]*data-props="([^"]*)"/
      .exec(html)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );

/** The newsroom's pages for the site's own pages: who may open them, a new draft, and the editor's JSON. */
describe('newsroom: the site’s own pages', () => {
  let t: TestApp;
  let editor: Staff;
  let writer: Staff;
  let id: string;
  before(async () => {
    ({ t, editor, writer } = await startEditorWorld(() => new Date()));
  });
  after(() => t.close());
  const pageApi = (who: Staff, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    who.agent.json(method, `/newsroom/api/pages${url}`, payload, who.csrf);

  it('is for editors and admins only, and in their menu', async () => {
    assert.match((await editor.agent.get('/newsroom')).body, /href="\/newsroom\/pages">Pages</);
    assert.doesNotMatch((await writer.agent.get('/newsroom')).body, /href="\/newsroom\/pages"/);
    assert.equal((await writer.agent.get('/newsroom/pages')).statusCode, 403);
    assert.equal((await t.get('/newsroom/pages')).statusCode, 303);
    assert.equal((await editor.agent.get('/newsroom/pages')).statusCode, 200);
  });

  it('creates a draft from the new-page form and opens it in the editor', async () => {
    const form = await editor.agent.get('/newsroom/pages/new');
    const refused = await editor.agent.post('/newsroom/pages/new', { _csrf: csrfOf(form.body), title: 'Bad address', slug: 'Not A Slug' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /lower-case letters/);
    const made = await editor.agent.post('/newsroom/pages/new', { _csrf: csrfOf(form.body), title: 'Community standards', slug: 'community-standards' });
    assert.equal(made.statusCode, 303, made.body);
    id = /\/newsroom\/pages\/([0-9a-f-]{36})$/.exec(String(made.headers.location))![1]!;
    const page = await editor.agent.get(`/newsroom/pages/${id}`);
    assert.equal(page.statusCode, 200);
    const given = props(page.body);
    assert.equal(given.page.title, 'Community standards');
    assert.equal(given.page.reserved, true);
    assert.equal(given.revisions[0].actor, 'account:Eda Editor');
    assert.match((await editor.agent.get('/newsroom/pages')).body, /Community standards<\/a><span class="hint"> \(linked from the site’s forms\)/);
    assert.equal((await editor.agent.get('/newsroom/pages/not-an-id')).statusCode, 404);
  });

  it('saves with the version, refuses a stale one, publishes and withdraws through the JSON API', async () => {
    const saved = await pageApi(editor, 'PUT', `/${id}`, { version: 1, title: 'Community standards', summary: 'How to comment.', body: body('Be kind.') });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().page.version, 2);
    const stale = await pageApi(editor, 'PUT', `/${id}`, { version: 1, title: 'Old' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.field, 'version');
    // Both sides, so the editor can show them: the edit sent and the page as saved now.
    assert.deepEqual(stale.json().error.yours, { version: 1, title: 'Old' });
    assert.equal(stale.json().error.theirs.version, 2);
    assert.equal(stale.json().error.theirs.title, 'Community standards');
    assert.deepEqual(stale.json().error.theirs.body, body('Be kind.'));
    const renamed = await pageApi(editor, 'PUT', `/${id}`, { version: 2, slug: 'rules' });
    assert.equal(renamed.statusCode, 409);
    assert.equal(renamed.json().error.field, 'slug');
    const extra = await pageApi(editor, 'PUT', `/${id}`, { version: 2, colour: 'red' });
    assert.equal(extra.statusCode, 422);
    assert.equal((await pageApi(writer, 'PUT', `/${id}`, { version: 2, title: 'Mine now' })).statusCode, 403);
    const published = await pageApi(editor, 'POST', `/${id}/publish`, { version: 2 });
    assert.equal(published.json().page.state, 'published');
    assert.match((await t.get('/info/community-standards')).body, /Be kind\./);
    const withdrawn = await pageApi(editor, 'POST', `/${id}/withdraw`, { version: 3 });
    assert.equal(withdrawn.json().page.state, 'withdrawn');
    assert.equal((await t.get('/info/community-standards')).statusCode, 410);
    const history = (await pageApi(editor, 'GET', `/${id}`)).json().revisions.map((r: { action: string }) => r.action);
    assert.deepEqual(history, ['withdraw', 'publish', 'update', 'create']);
    const first = await pageApi(editor, 'GET', `/${id}/revisions/1`);
    assert.equal(first.json().snapshot.summary, '');
    assert.equal((await pageApi(editor, 'DELETE', `/${id}`)).statusCode, 409);
  });

  it('restores a revision through the JSON API, for editors only, refusing a stale version with both sides', async () => {
    assert.equal((await pageApi(writer, 'POST', `/${id}/revisions/1/restore`, { version: 4 })).statusCode, 403);
    const restored = await pageApi(editor, 'POST', `/${id}/revisions/1/restore`, { version: 4 });
    assert.equal(restored.statusCode, 200, restored.body);
    assert.equal(restored.json().page.version, 5);
    assert.deepEqual(restored.json().page.body, []);
    // The summary stays: only the title and body come back.
    assert.equal(restored.json().page.summary, 'How to comment.');
    assert.deepEqual(
      restored
        .json()
        .revisions.slice(0, 2)
        .map((r: { action: string }) => r.action),
      ['restored from revision 1', 'withdraw'],
    );
    const stale = await pageApi(editor, 'POST', `/${id}/revisions/2/restore`, { version: 4 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.theirs.version, 5);
    assert.deepEqual(stale.json().error.yours.body, body('Be kind.'));
  });

  it('deletes a page that is not reserved', async () => {
    const form = await editor.agent.get('/newsroom/pages/new');
    // Titles are counted as readers count characters, by the same rule as the API's.
    const blank = await editor.agent.post('/newsroom/pages/new', { _csrf: csrfOf(form.body), title: '\u200B' });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /title of one line, up to 200 characters/);
    const accented = `Old notice ${'e\u0301'.repeat(189)}`; // 200 characters, 389 code points
    const made = await editor.agent.post('/newsroom/pages/new', { _csrf: csrfOf(form.body), title: accented });
    assert.equal(made.statusCode, 303, made.body);
    const other = /([0-9a-f-]{36})$/.exec(String(made.headers.location))![1]!;
    assert.equal((await pageApi(editor, 'DELETE', `/${other}`)).statusCode, 204);
    assert.equal((await editor.agent.get(`/newsroom/pages/${other}`)).statusCode, 404);
    const logged = (await t.db.database.db.execute(sql`select action, actor_name as "actorName" from audit_events where target_id = ${other}`)) as unknown as {
      rows: { action: string; actorName: string }[];
    };
    assert.deepEqual(logged.rows, [{ action: 'page.delete', actorName: 'Eda Editor' }]);
  });
});
