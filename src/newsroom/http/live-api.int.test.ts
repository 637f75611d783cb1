import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { multipart, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { api, type Staff } from '../../../test/support/newsroom-editor.ts';
import { startLiveBlogWorld } from './live.fixtures.ts';

/** The live blog composer's API: who may run the blog, publish, hold, schedule, pin and change whose entries. */
describe(`newsroom live blog API on ${engine}: rights per role`, () => {
  let t: TestApp;
  const clock = new Date('2036-11-27T21:00:00Z');
  let contributor: Staff;
  let writer: Staff;
  let editor: Staff;
  let id: string;
  let photo: Buffer;

  before(async () => {
    ({ t, contributor, writer, editor, photo, id } = await startLiveBlogWorld(clock, 'Results night, live'));
  });
  after(() => t.close());

  const url = (rest = '') => `/articles/${id}${rest}`;

  it('serves the composer page to staff, linked from the article editor', async () => {
    const page = await writer.agent.get(`/newsroom/articles/${id}/live`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-island="live-composer"/);
    assert.match((await writer.agent.get(`/newsroom/articles/${id}`)).body, new RegExp(`href="/newsroom/articles/${id}/live"`));
    assert.equal((await writer.agent.get('/newsroom/articles/not-an-id/live')).statusCode, 404);
  });

  it('lets only editors make a live blog, and needs a CSRF token', async () => {
    const refused = await api(writer, 'PUT', url('/live-blog'), { holdEntries: false });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /As a writer you cannot make an article a live blog/);
    const noCsrf = await writer.agent.json('PUT', `/newsroom/api${url('/live-blog')}`, {});
    assert.equal(noCsrf.statusCode, 403);
    const made = await api(editor, 'PUT', url('/live-blog'), { entryOrder: 'newest' });
    assert.equal(made.statusCode, 201, made.body);
    const shown = (await api(writer, 'GET', url('/live-blog'))).json();
    assert.equal(shown.mayRun, false);
    assert.equal(shown.send, 'publish');
    assert.equal(shown.mySlug, 'ada-reporter');
  });

  it("gives a writer's entry their own byline and publishes it; a contributor's is held", async () => {
    const mine = await api(writer, 'POST', url('/entries'), {
      title: 'Polls close',
      body: [{ type: 'paragraph', content: [{ text: 'Now.' }] }],
      as: 'publish',
    });
    assert.equal(mine.statusCode, 201, mine.body);
    assert.equal(mine.json().status, 'published');
    assert.deepEqual(mine.json().writers, [{ slug: 'ada-reporter', name: 'Ada Reporter' }]);
    assert.equal(mine.json().rights.edit, true);
    assert.equal(mine.json().rights.pin, false);

    const theirs = await api(contributor, 'POST', url('/entries'), { title: 'A rumour', bodyMarkdown: 'Unchecked.', writers: ['ben-editor'], as: 'publish' });
    assert.equal(theirs.statusCode, 403);
    const held = await api(contributor, 'POST', url('/entries'), { title: 'A rumour', bodyMarkdown: 'Unchecked.', writers: ['ben-editor'], as: 'hold' });
    assert.equal(held.statusCode, 201, held.body);
    assert.equal(held.json().status, 'held');
    const byWriter = await api(writer, 'POST', url(`/entries/${held.json().id}/publish`), { version: held.json().version });
    assert.equal(byWriter.statusCode, 403);
    const byEditor = await api(editor, 'POST', url(`/entries/${held.json().id}/publish`), { version: held.json().version });
    assert.equal(byEditor.statusCode, 200, byEditor.body);
    assert.equal(byEditor.json().status, 'published');
    // A patch that changes nothing still takes a version (and tells readers): it is an edit, not the contributor's.
    const noOp = await api(contributor, 'PATCH', url(`/entries/${held.json().id}`), { version: byEditor.json().version });
    assert.equal(noOp.statusCode, 403, noOp.body);
    const stale = await api(contributor, 'PATCH', url(`/entries/${held.json().id}`), { version: 1 });
    assert.equal(stale.statusCode, 403, 'a stale version shows the current entry only to who may edit it');
  });

  it('previews an entry as the reader pages draw it, its picture included', async () => {
    const image = (
      await writer.agent.upload('/newsroom/api/images', multipart({}, { filename: 'count.jpg', type: 'image/jpeg', data: photo }), writer.csrf)
    ).json();
    const draft = await api(writer, 'POST', url('/entries'), {
      title: 'The count <b>starts</b>',
      body: [
        { type: 'image', imageId: image.id, alt: 'Ballot boxes on a long table', caption: 'The hall at ten' },
        { type: 'quote', content: [{ text: 'Slowly, and twice.' }], attribution: 'The returning officer' },
      ],
    });
    assert.equal(draft.statusCode, 201, draft.body);
    const preview = await writer.agent.get(`/newsroom/articles/${id}/entries/${draft.json().id}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, new RegExp(`<article id="entry-${draft.json().id}" class="live-entry"`));
    assert.match(preview.body, /<img [^>]*alt="Ballot boxes on a long table"/);
    assert.match(preview.body, /The hall at ten/);
    assert.match(preview.body, /<blockquote[^>]*>[\s\S]*Slowly, and twice\./);
    assert.match(preview.body, /<h2 class="live-entry__title">The count &lt;b>starts&lt;\/b><\/h2>/);
  });

  it("keeps drafts to their writer, and another's entries from a writer", async () => {
    const draft = (await api(writer, 'POST', url('/entries'), { title: 'Half a thought' })).json();
    const seenByEditor = (await api(editor, 'GET', url('/entries'))).json().items.map((e: { id: string }) => e.id);
    assert.ok(!seenByEditor.includes(draft.id));
    assert.ok((await api(writer, 'GET', url('/entries'))).json().items.some((e: { id: string }) => e.id === draft.id));
    const autosaved = await api(writer, 'PATCH', url(`/entries/${draft.id}`), { title: 'A whole thought', version: draft.version });
    assert.equal(autosaved.statusCode, 200, autosaved.body);
    const preview = await writer.agent.get(`/newsroom/articles/${id}/entries/${draft.id}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /A whole thought/);
    assert.equal((await contributor.agent.get(`/newsroom/articles/${id}/entries/${draft.id}/preview`)).statusCode, 404, 'not there for anyone else');

    const editors = (
      await api(editor, 'POST', url('/entries'), { title: 'Desk note', bodyMarkdown: 'From the desk.', writers: ['ben-editor'], as: 'publish' })
    ).json();
    for (const [method, path, payload] of [
      ['PATCH', `/entries/${editors.id}`, { title: 'Changed', version: editors.version }],
      ['PATCH', `/entries/${editors.id}`, { keyEvent: true, version: editors.version }],
      ['DELETE', `/entries/${editors.id}?version=${editors.version}`, undefined],
    ] as const) {
      assert.equal((await api(writer, method, url(path), payload)).statusCode, 403, `${method} ${path}`);
    }
  });

  it('lets a writer mark their own entry a key event but keeps pinning and scheduling for editors', async () => {
    const mine = (await api(writer, 'POST', url('/entries'), { title: 'First result', bodyMarkdown: 'In.', as: 'publish' })).json();
    const key = await api(writer, 'PATCH', url(`/entries/${mine.id}`), { keyEvent: true, version: mine.version });
    assert.equal(key.statusCode, 200, key.body);
    assert.equal(key.json().keyEvent, true);
    assert.equal((await api(writer, 'PATCH', url(`/entries/${mine.id}`), { pinned: true, version: key.json().version })).statusCode, 403);
    const pinned = await api(editor, 'PATCH', url(`/entries/${mine.id}`), { pinned: true, version: key.json().version });
    assert.equal(pinned.statusCode, 200, pinned.body);
    const later = new Date(clock.getTime() + 3_600_000).toISOString();
    const scheduled = await api(writer, 'POST', url('/entries'), { title: 'Later', bodyMarkdown: 'Soon.', as: 'schedule', scheduledAt: later });
    assert.equal(scheduled.statusCode, 403);
    const byEditor = await api(editor, 'POST', url('/entries'), {
      title: 'Later',
      bodyMarkdown: 'Soon.',
      writers: ['ben-editor'],
      as: 'schedule',
      scheduledAt: later,
    });
    assert.equal(byEditor.json().status, 'scheduled');
  });

  it('holds writers too when the blog holds entries, and lets editors close it', async () => {
    const blog = (await api(editor, 'GET', url('/live-blog'))).json().blog;
    const holding = await api(editor, 'PUT', url('/live-blog'), { holdEntries: true, version: blog.version });
    assert.equal(holding.statusCode, 200, holding.body);
    assert.equal((await api(writer, 'GET', url('/live-blog'))).json().send, 'hold');
    assert.equal((await api(writer, 'POST', url('/entries'), { title: 'Straight out', bodyMarkdown: 'x', as: 'publish' })).statusCode, 403);
    // A write's answer offers "Publish" as the blog it locked says: not to this writer now.
    const draft = (await api(writer, 'POST', url('/entries'), { title: 'Held back', bodyMarkdown: 'x' })).json();
    assert.equal(draft.rights.publish, false);
    const edited = (await api(writer, 'PATCH', url(`/entries/${draft.id}`), { title: 'Held back still', version: draft.version })).json();
    assert.equal(edited.rights.publish, false);
    assert.equal((await api(writer, 'PUT', url('/live-blog'), { state: 'closed', version: holding.json().version })).statusCode, 403);
    const closed = await api(editor, 'PUT', url('/live-blog'), { state: 'closed', version: holding.json().version });
    assert.equal(closed.json().state, 'closed');
    assert.equal((await api(editor, 'POST', url('/entries'), { title: 'After', bodyMarkdown: 'x', writers: ['ben-editor'], as: 'publish' })).statusCode, 409);
  });
});
