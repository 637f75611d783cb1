import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { testdata } from '../../../test/support/testdata.ts';

describe('Admin API: live blogs and their entries', () => {
  let t: TestApp;

  let blogId: string;
  let otherId: string;
  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    blogId = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Count night, live', status: 'published' }))).json().id;
    otherId = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Another night, live', status: 'published' }))).json().id;
    assert.equal((await t.admin('PUT', `/api/admin/articles/${otherId}/live-blog`, {})).statusCode, 201);
  });
  after(() => t.close());

  const entries = (id = blogId) => `/api/admin/articles/${id}/entries`;
  const post = (body: Record<string, unknown>, id = blogId) => t.admin('POST', entries(id), { writers: ['ada-reporter'], ...body });

  it('makes an article a live blog, then needs the version to change it', async () => {
    assert.equal((await t.admin('GET', `/api/admin/articles/${blogId}/live-blog`)).statusCode, 404);
    const made = await t.admin('PUT', `/api/admin/articles/${blogId}/live-blog`, { entryOrder: 'oldest' });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal(made.json().state, 'open');
    assert.equal(made.json().entryOrder, 'oldest');
    const noVersion = await t.admin('PUT', `/api/admin/articles/${blogId}/live-blog`, { holdEntries: true });
    assert.equal(noVersion.statusCode, 422);
    assert.equal(noVersion.json().error.field, 'version');
    const changed = await t.admin('PUT', `/api/admin/articles/${blogId}/live-blog`, { entryOrder: 'newest', version: made.json().version });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().entryOrder, 'newest');
    assert.equal((await t.admin('GET', `/api/admin/articles/${blogId}/live-blog`)).json().version, changed.json().version);
    assert.equal((await t.admin('GET', `/api/admin/articles/${blogId}`)).json().liveBlog, 'open');
    const listed = (await t.admin('GET', '/api/admin/articles')).json().items;
    assert.equal(listed.find((a: { id: string }) => a.id === blogId).liveBlog, 'open');
  });

  it('creates a draft from Markdown, publishes it, and lists it with its position', async () => {
    const draft = await post({ title: 'Polls close', bodyMarkdown: 'Counting **starts** now.' });
    assert.equal(draft.statusCode, 201, draft.body);
    assert.equal(draft.json().status, 'draft');
    assert.deepEqual(draft.json().body, [{ type: 'paragraph', content: [{ text: 'Counting ' }, { text: 'starts', bold: true }, { text: ' now.' }] }]);
    assert.deepEqual(draft.json().writers, [{ slug: 'ada-reporter', name: 'Ada Reporter' }]);
    const published = await t.admin('POST', `${entries()}/${draft.json().id}/publish`, { version: draft.json().version });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().status, 'published');
    assert.equal(published.json().position, 1);
    const list = (await t.admin('GET', entries())).json().items;
    assert.deepEqual(
      list.map((e: { id: string }) => e.id),
      [draft.json().id],
    );
  });

  it('takes the body as HTML, marks a key event and pins, one pin at a time', async () => {
    const first = (await post({ title: 'First seat', bodyHtml: '<p>A <em>hold</em>.</p>', as: 'publish', keyEvent: true, pinned: true })).json();
    assert.equal(first.keyEvent, true);
    assert.equal(first.pinned, true);
    const second = (await post({ title: 'Second seat', bodyMarkdown: 'A gain.', as: 'publish' })).json();
    const pinned = await t.admin('PATCH', `${entries()}/${second.id}`, { pinned: true, version: second.version });
    assert.equal(pinned.statusCode, 200, pinned.body);
    assert.equal(pinned.json().pinned, true);
    assert.equal((await t.admin('GET', `${entries()}/${first.id}`)).json().pinned, false);
  });

  it('holds and schedules; a schedule needs its time', async () => {
    const held = await post({ title: 'For the desk', bodyMarkdown: 'Check this.', as: 'hold' });
    assert.equal(held.json().status, 'held');
    const noTime = await post({ title: 'Later', bodyMarkdown: 'Soon.', as: 'schedule' });
    assert.equal(noTime.statusCode, 422);
    assert.equal(noTime.json().error.field, 'scheduledAt');
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await t.admin('POST', `${entries()}/${held.json().id}/publish`, { version: held.json().version, as: 'schedule', scheduledAt: at });
    assert.equal(scheduled.statusCode, 200, scheduled.body);
    assert.equal(scheduled.json().status, 'scheduled');
    assert.equal(scheduled.json().scheduledAt, at);
  });

  it('refuses a stale version with 409 carrying the current entry', async () => {
    const entry = (await post({ title: 'Turnout', bodyMarkdown: 'High.', as: 'publish' })).json();
    const edited = await t.admin('PATCH', `${entries()}/${entry.id}`, { title: 'Turnout high', version: entry.version });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.ok(edited.json().updatedAt);
    const stale = await t.admin('PATCH', `${entries()}/${entry.id}`, { title: 'Turnout low', version: entry.version });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.current.title, 'Turnout high');
    const staleDelete = await t.admin('DELETE', `${entries()}/${entry.id}?version=${entry.version}`);
    assert.equal(staleDelete.statusCode, 409);
    const deleted = await t.admin('DELETE', `${entries()}/${entry.id}?version=${edited.json().version}`);
    assert.equal(deleted.statusCode, 204);
    assert.equal((await t.admin('GET', `${entries()}/${entry.id}`)).statusCode, 404);
  });

  it("answers 404 for another article's entry, and 400 for a bad id", async () => {
    const theirs = (await post({ title: 'Elsewhere', bodyMarkdown: 'Other blog.' }, otherId)).json();
    assert.equal((await t.admin('GET', `${entries()}/${theirs.id}`)).statusCode, 404);
    assert.equal((await t.admin('PATCH', `${entries()}/${theirs.id}`, { title: 'Moved', version: theirs.version })).statusCode, 404);
    assert.equal((await t.admin('GET', `${entries(otherId)}/${theirs.id}`)).json().title, 'Elsewhere');
    assert.equal((await t.admin('GET', `${entries()}/not-a-uuid`)).statusCode, 400);
    assert.equal((await t.admin('GET', entries('00000000-0000-4000-8000-000000000000'))).statusCode, 404);
  });

  it('refuses an unknown writer naming the field, and an oversized body', async () => {
    const unknown = await t.admin('POST', entries(), { title: 'Who?', bodyMarkdown: 'x', writers: ['nobody-here'] });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.field, 'writers[0]');
    const huge = await post({ title: 'Huge', bodyMarkdown: 'x'.repeat(200_001) });
    assert.ok([400, 413, 422].includes(huge.statusCode), huge.body.slice(0, 200));
    const extra = await post({ title: 'Extra', surprise: true });
    assert.equal(extra.statusCode, 422);
    assert.equal(extra.json().error.field, 'surprise');
  });

  it('refuses new entries on a closed blog with 409, and reopens', async () => {
    const blog = (await t.admin('GET', `/api/admin/articles/${otherId}/live-blog`)).json();
    const closed = await t.admin('PUT', `/api/admin/articles/${otherId}/live-blog`, { state: 'closed', version: blog.version });
    assert.equal(closed.json().state, 'closed');
    assert.ok(closed.json().coverageEndedAt);
    const refused = await post({ title: 'Too late', bodyMarkdown: 'x', as: 'publish' }, otherId);
    assert.equal(refused.statusCode, 409, refused.body);
    const reopened = await t.admin('PUT', `/api/admin/articles/${otherId}/live-blog`, { state: 'open', version: closed.json().version });
    assert.equal(reopened.json().state, 'open');
  });

  it('stores every title of the XSS corpus exactly, or refuses it by field', async () => {
    let stored = 0;
    for (const payload of testdata.xss()) {
      const response = await post({ title: payload, bodyMarkdown: payload });
      assert.ok([201, 422].includes(response.statusCode), `${response.statusCode} for ${JSON.stringify(payload)}`);
      if (response.statusCode === 422) {
        assert.equal(response.json().error.field, 'title', response.body);
        continue;
      }
      stored++;
      assert.equal((await t.admin('GET', `${entries()}/${response.json().id}`)).json().title, payload);
    }
    assert.ok(stored > 0);
  });

  it('is documented in OpenAPI', async () => {
    const doc = (await t.get('/api/openapi.json')).json();
    for (const [route, method] of [
      ['/api/admin/articles/{id}/live-blog', 'put'],
      ['/api/admin/articles/{id}/entries', 'post'],
      ['/api/admin/articles/{id}/entries/{entryId}', 'patch'],
      ['/api/admin/articles/{id}/entries/{entryId}/publish', 'post'],
      ['/api/admin/articles/{id}/entries/{entryId}', 'delete'],
    ] as const) {
      assert.deepEqual(doc.paths[route]?.[method]?.tags, ['Admin: live blogs'], `${method} ${route}`);
    }
  });
});
