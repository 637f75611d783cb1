import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validArticle, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { csrfOf } from '../../../test/support/agent.ts';
import { writeSetting } from '../settings/repository.ts';
import { engine } from '../../../test/support/database.ts';
import { api, body, start, startEditorWorld, type Staff } from '../../../test/support/newsroom-editor.ts';

/** The newsroom's article workflow through its pages and API: who may do what, saving against a version, history, scheduling, corrections, deletion, and who may use it at all. Setup shared with editor-tools.int.test.ts (test/support/newsroom-editor.ts). */
describe(`newsroom editor on ${engine}: roles, autosave, conflicts, history, workflow`, () => {
  let t: TestApp;
  let clock = new Date('2036-11-27T09:00:00Z');
  let contributor: Staff;
  let writer: Staff;
  let editor: Staff;

  before(async () => {
    ({ t, contributor, writer, editor } = await startEditorWorld(() => clock));
  });
  after(() => t.close());

  it('a contributor writes a draft but cannot submit or publish it; a writer submits; an editor publishes', async () => {
    const id = await start(contributor, 'Ferry timetable changes');
    const page = await contributor.agent.get(`/newsroom/articles/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-island="article-editor"/);
    assert.match(page.body, /\/assets\/newsroom-[\w-]+\.js/);

    const saved = await api(contributor, 'PATCH', `/articles/${id}`, {
      version: 1,
      standfirst: 'Winter sailings thin out.',
      body: body('The first boat leaves at seven.'),
      authors: ['ada-reporter'],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, 2);
    assert.equal(saved.json().rights.publish, false);

    for (const action of ['publish', 'submit']) {
      const refused = await api(contributor, 'POST', `/articles/${id}/${action}`, { version: 2 });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().error.message, /As a contributor you cannot/);
    }
    const scheduled = await api(contributor, 'POST', `/articles/${id}/schedule`, { at: new Date(clock.getTime() + 3_600_000).toISOString(), version: 2 });
    assert.equal(scheduled.statusCode, 403);

    const submitted = await api(writer, 'POST', `/articles/${id}/submit`, { version: 2 });
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, 'in_review');
    // In review, the contributor can no longer change it; the writer still can, but not publish.
    assert.equal((await api(contributor, 'PATCH', `/articles/${id}`, { version: 3, headline: 'Mine now' })).statusCode, 403);
    assert.equal((await api(writer, 'POST', `/articles/${id}/publish`, { version: 3 })).statusCode, 403);

    const published = await api(editor, 'POST', `/articles/${id}/publish`, { version: 3 });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().status, 'published');
    const live = await t.get(new URL(published.json().url).pathname);
    assert.equal(live.statusCode, 200);
    assert.match(live.body, /The first boat leaves at seven/);
    // A writer cannot change what readers see.
    assert.equal((await api(writer, 'PATCH', `/articles/${id}`, { version: 4, headline: 'Changed live' })).statusCode, 403);
  });

  it('a second save of an old version is a 409 and both versions stay; nothing is lost', async () => {
    const id = await start(writer, 'Harbour dredging starts');
    const first = await api(writer, 'PATCH', `/articles/${id}`, { version: 1, body: body('Written by the writer.') });
    assert.equal(first.statusCode, 200);
    const second = await api(editor, 'PATCH', `/articles/${id}`, { version: 1, body: body('Written by the editor.') });
    assert.equal(second.statusCode, 409);
    assert.match(second.json().error.message, /changed|version/i);
    // The editor's browser then reads the current version and saves over it knowingly.
    const current = await api(editor, 'GET', `/articles/${id}`);
    assert.equal(current.json().body[0].content[0].text, 'Written by the writer.');
    const over = await api(editor, 'PATCH', `/articles/${id}`, { version: current.json().version, body: body('Written by the editor.') });
    assert.equal(over.statusCode, 200);
    // Both texts are in the history.
    const history = await writer.agent.get(`/newsroom/articles/${id}/history?version=2`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Written by the writer\./);
  });

  it('the history shows a readable diff and restores an earlier version as a new revision', async () => {
    const id = await start(editor, 'Library opening hours');
    await api(editor, 'PATCH', `/articles/${id}`, { version: 1, standfirst: 'Longer on Saturdays.', body: body('The library opens at nine.') });
    await api(editor, 'PATCH', `/articles/${id}`, { version: 2, headline: 'Library extends opening hours', body: body('The library opens at eight.') });
    const page = await editor.agent.get(`/newsroom/articles/${id}/history`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Version 3: Saved/);
    assert.match(page.body, /<del>nine\.<\/del>|<del>nine<\/del>/);
    assert.match(page.body, /<ins>eight\.<\/ins>|<ins>eight<\/ins>/);

    const older = await editor.agent.get(`/newsroom/articles/${id}/history?version=2`);
    const restored = await editor.agent.post(`/newsroom/articles/${id}/restore`, { _csrf: csrfOf(older.body), from: '2', version: '3' });
    assert.equal(restored.statusCode, 303, restored.body);
    const now = (await api(editor, 'GET', `/articles/${id}`)).json();
    assert.equal(now.version, 4);
    assert.equal(now.headline, 'Library opening hours');
    assert.equal(now.body[0].content[0].text, 'The library opens at nine.');
    assert.match((await editor.agent.get(`/newsroom/articles/${id}/history`)).body, /Version 4: Restored an earlier version/);

    // Restoring against a stale version is refused on the page, not a 500.
    const stale = await editor.agent.post(`/newsroom/articles/${id}/restore`, { _csrf: csrfOf(older.body), from: '2', version: '3' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /field-error/);
    assert.equal((await editor.agent.get(`/newsroom/articles/${id}/history?version=99`)).statusCode, 404);
  });

  it('schedules at the minute: embargoed from every listing until the queue publishes it', async () => {
    const id = await start(editor, 'Budget statement at noon');
    await api(editor, 'PATCH', `/articles/${id}`, {
      version: 1,
      standfirst: 'The figures, as they come.',
      body: body('Embargoed text.'),
      authors: ['ada-reporter'],
    });
    const at = new Date(clock.getTime() + 2 * 60_000);
    const scheduled = await api(editor, 'POST', `/articles/${id}/schedule`, { at: at.toISOString(), version: 2 });
    assert.equal(scheduled.statusCode, 200, scheduled.body);
    const url = new URL(scheduled.json().url).pathname;
    const hidden = async () => {
      for (const path of ['/uk', '/world', '/rss.xml', '/feed.json', '/sitemaps/news.xml', url]) {
        const res = await t.get(path);
        assert.equal(res.statusCode, path === url ? 404 : 200, path);
        assert.doesNotMatch(res.body, /Budget statement at noon/, `${path} shows the embargoed article`);
      }
    };
    await hidden();
    clock = new Date(at.getTime() - 1_000);
    await t.app.jobs.runDue();
    await hidden();
    clock = new Date(at.getTime() + 1_000);
    assert.equal(await t.app.jobs.runDue(), 2, 'the publication, and the first-publication job it queued (automatic alerts)');
    const shown = await t.get(url);
    assert.equal(shown.statusCode, 200, `${url} ${JSON.stringify((await api(editor, 'GET', `/articles/${id}`)).json()).slice(0, 400)}`);
    assert.match(shown.body, /Embargoed text\./);
    assert.match((await t.get('/world')).body, /Budget statement at noon/);
    assert.match((await t.get('/sitemaps/news.xml')).body, /Budget statement at noon/);
    assert.match((await t.get('/rss.xml')).body, /Budget statement at noon/);
  });

  it('an editor adds a correction from the newsroom; it shows on the article page and in the history', async () => {
    const id = await start(editor, 'Bridge repairs cost more');
    await api(editor, 'PATCH', `/articles/${id}`, {
      version: 1,
      standfirst: 'The bill rose again.',
      body: body('It will cost four million.'),
      authors: ['ada-reporter'],
    });
    const live = (await api(editor, 'POST', `/articles/${id}/publish`, { version: 2 })).json();
    assert.equal((await api(writer, 'POST', `/articles/${id}/corrections`, { kind: 'correction', note: 'No.', version: live.version })).statusCode, 403);
    const corrected = await api(editor, 'POST', `/articles/${id}/corrections`, {
      kind: 'correction',
      note: 'An earlier version gave the cost as three million.',
      version: live.version,
    });
    assert.equal(corrected.statusCode, 200, corrected.body);
    assert.match((await t.get(new URL(live.url).pathname)).body, /An earlier version gave the cost as three million\./);
    const history = (await editor.agent.get(`/newsroom/articles/${id}/history`)).body;
    assert.match(history, /Correction added/);
    assert.match(history, /<ins>[^<]*An earlier version gave the cost as three million\.[^<]*<\/ins>/);
  });

  it('an editor deletes a draft nobody has seen (audited); a published article is unpublished instead', async () => {
    const id = await start(contributor, 'Delete me');
    assert.equal((await contributor.agent.json('DELETE', `/newsroom/api/articles/${id}`, undefined, contributor.csrf)).statusCode, 403);
    assert.equal((await editor.agent.json('DELETE', `/newsroom/api/articles/${id}`, undefined, editor.csrf)).statusCode, 204);
    assert.equal((await api(editor, 'GET', `/articles/${id}`)).statusCode, 404);
    const logged = await t.db.database.db.execute(`select actor_name from audit_events where action = 'article.delete' and target_id = '${id}'` as never);
    assert.deepEqual((logged as unknown as { rows: { actor_name: string }[] }).rows, [{ actor_name: 'Eda Editor' }]);
    const live = await start(editor, 'Keep me');
    await api(editor, 'PATCH', `/articles/${live}`, { version: 1, standfirst: 'Live.', body: body('Live.'), authors: ['ada-reporter'] });
    await api(editor, 'POST', `/articles/${live}/publish`, { version: 2 });
    const refused = await editor.agent.json('DELETE', `/newsroom/api/articles/${live}`, undefined, editor.csrf);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /unpublish it instead/);
  });

  it('refuses overlong fields with the field named, and staff without a second factor when the rule is on', async () => {
    const id = await start(editor, 'Limits');
    const long = await api(editor, 'PATCH', `/articles/${id}`, { version: 1, headline: 'x'.repeat(201) });
    assert.equal(long.statusCode, 422);
    assert.match(long.json().error.field ?? '', /headline/);

    await writeSetting(t.db.database.db, 'staffSecondFactor', true, editor.id, new Date());
    const weak = await signedInStaff(t, 'editor', 'Weak Session', '203.0.113.39');
    await t.db.database.db.execute(`update sessions set strong = false where user_id = '${weak.id}'` as never);
    const refused = await api(weak, 'GET', `/articles/${id}`);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /second sign-in step/);
    // A reader is not staff at all.
    const reader = await signedInStaff(t, 'reader', 'Just Reading', '203.0.113.40');
    assert.equal((await api(reader, 'GET', `/articles/${id}`)).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: `/newsroom/api/articles/${id}` })).statusCode, 401);
  });

  it('keeps the Admin API and the newsroom in one workflow: an API-created article can go to review', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'From the wire' }))).json();
    const submitted = await api(writer, 'POST', `/articles/${created.id}/submit`, { version: created.version });
    assert.equal(submitted.json().status, 'in_review');
    const listed = await editor.agent.get('/newsroom?status=in_review');
    assert.match(listed.body, /From the wire/);
    assert.match(listed.body, /In review/);
  });
});
