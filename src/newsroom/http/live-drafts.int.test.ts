import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { multipart, validArticle, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { untilWaitingForLock } from '../../../test/support/locks.ts';
import { api, type Staff } from '../../../test/support/newsroom-editor.ts';
import { startLiveBlogWorld } from './live.fixtures.ts';
import { blocksToDoc } from '../client/convert.ts';

/**
 * Whose a live blog draft is, on every path that reads or writes one (the composer's list, one
 * entry, its preview, its writes, the Admin API); rights judged on the blog as the write locked
 * it; and an edited entry's pictures drawn as when they were added.
 */
describe(`newsroom live blog API on ${engine}: drafts are their writer's`, () => {
  let t: TestApp;
  const clock = new Date('2036-11-28T21:00:00Z');
  let contributor: Staff;
  let writer: Staff;
  let editor: Staff;
  let id: string;
  let photo: Buffer;

  before(async () => {
    ({ t, contributor, writer, editor, photo, id } = await startLiveBlogWorld(clock, 'Storm night, live'));
    assert.equal((await api(editor, 'PUT', `/articles/${id}/live-blog`, {})).statusCode, 201);
  });
  after(() => t.close());

  const url = (rest = '') => `/articles/${id}${rest}`;
  const admin = (rest = '') => `/api/admin/articles/${id}${rest}`;
  const listed = async (who: Staff) => (await api(who, 'GET', url('/entries'))).json().items.map((e: { id: string }) => e.id);
  const adminListed = async () => (await t.admin('GET', admin('/entries'))).json().items.map((e: { id: string }) => e.id);
  const preview = (who: Staff, entryId: string) => who.agent.get(`/newsroom/articles/${id}/entries/${entryId}/preview`);

  it('keeps a draft from everyone else, editors and the Admin API included, until it is sent on', async () => {
    const draft = (await api(writer, 'POST', url('/entries'), { title: 'Trees down', bodyMarkdown: 'On the coast road.' })).json();
    assert.ok((await listed(writer)).includes(draft.id));
    assert.equal((await api(writer, 'GET', url(`/entries/${draft.id}`))).statusCode, 200);
    assert.equal((await preview(writer, draft.id)).statusCode, 200);

    for (const who of [editor, contributor]) {
      assert.ok(!(await listed(who)).includes(draft.id));
      assert.equal((await api(who, 'GET', url(`/entries/${draft.id}`))).statusCode, 404);
      assert.equal((await preview(who, draft.id)).statusCode, 404);
    }
    // Not there for an editor's writes either, stale version or not: a 409 would show the words.
    for (const [method, path, payload] of [
      ['PATCH', `/entries/${draft.id}`, { title: 'Taken over', version: draft.version }],
      ['PATCH', `/entries/${draft.id}`, { title: 'Taken over', version: draft.version + 5 }],
      ['POST', `/entries/${draft.id}/publish`, { version: draft.version }],
      ['DELETE', `/entries/${draft.id}?version=${draft.version}`, undefined],
    ] as const) {
      const refused = await api(editor, method, url(path), payload);
      assert.equal(refused.statusCode, 404, `${method} ${path}: ${refused.body}`);
      assert.doesNotMatch(refused.body, /On the coast road/);
    }
    assert.ok(!(await adminListed()).includes(draft.id));
    assert.equal((await t.admin('GET', admin(`/entries/${draft.id}`))).statusCode, 404);
    assert.equal((await t.admin('PATCH', admin(`/entries/${draft.id}`), { title: 'By script', version: draft.version })).statusCode, 404);
    assert.equal((await t.admin('POST', admin(`/entries/${draft.id}/publish`), { version: draft.version })).statusCode, 404);
    assert.equal((await t.admin('DELETE', admin(`/entries/${draft.id}?version=${draft.version}`))).statusCode, 404);

    const held = await api(writer, 'POST', url(`/entries/${draft.id}/publish`), { version: draft.version, as: 'hold' });
    assert.equal(held.statusCode, 200, held.body);
    for (const who of [editor, contributor]) {
      assert.ok((await listed(who)).includes(draft.id));
      assert.equal((await api(who, 'GET', url(`/entries/${draft.id}`))).statusCode, 200);
      assert.equal((await preview(who, draft.id)).statusCode, 200);
    }
    assert.ok((await adminListed()).includes(draft.id));
    assert.equal((await t.admin('GET', admin(`/entries/${draft.id}`))).statusCode, 200);
    // Seen is not changed: a held entry of someone else's is an editor's to change.
    assert.equal((await api(contributor, 'PATCH', url(`/entries/${draft.id}`), { title: 'Mine now', version: held.json().version })).statusCode, 403);
    const published = await api(editor, 'POST', url(`/entries/${draft.id}/publish`), { version: held.json().version });
    assert.equal(published.statusCode, 200, published.body);
  });

  it("keeps the Admin API's drafts to the API: a token's draft is no person's", async () => {
    const byScript = (await t.admin('POST', admin('/entries'), { title: 'Wire copy', bodyMarkdown: 'Gusts of 90 mph.', writers: ['ada-reporter'] })).json();
    assert.ok((await adminListed()).includes(byScript.id));
    assert.equal((await t.admin('GET', admin(`/entries/${byScript.id}`))).statusCode, 200);
    assert.ok(!(await listed(editor)).includes(byScript.id));
    assert.equal((await api(editor, 'GET', url(`/entries/${byScript.id}`))).statusCode, 404);
    const sent = await t.admin('POST', admin(`/entries/${byScript.id}/publish`), { version: byScript.version, as: 'hold' });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal((await api(editor, 'GET', url(`/entries/${byScript.id}`))).json().status, 'held');
  });

  it('judges a writer’s "Publish" by the blog as the write locked it: "hold entries" set meanwhile holds', async () => {
    const blog = (await api(editor, 'GET', url('/live-blog'))).json().blog;
    assert.equal(blog.holdEntries, false);
    let sending: ReturnType<typeof api> | undefined;
    // An editor's change of the setting, committed while the writer's publication waits for the blog.
    await t.app.ctx.database.transaction(async (tx) => {
      await tx.execute(sql`update live_blogs set hold_entries = true, version = version + 1 where article_id = ${id}`);
      sending = api(writer, 'POST', url('/entries'), { title: 'Straight out', bodyMarkdown: 'Before the hold.', as: 'publish' });
      await untilWaitingForLock(tx);
    });
    const refused = await sending!;
    assert.equal(refused.statusCode, 403, refused.body);
    assert.match(refused.json().error.message, /send the entry to an editor/);
    const items: { title: string }[] = (await api(writer, 'GET', url('/entries'))).json().items;
    assert.ok(!items.some((e) => e.title === 'Straight out'), 'nothing was written');
  });

  it('gives an entry opened for editing its pictures, so the editor draws them as when they were added', async () => {
    const image = (
      await writer.agent.upload(
        '/newsroom/api/images',
        multipart({ alt: 'A fallen oak' }, { filename: 'oak.jpg', type: 'image/jpeg', data: photo }),
        writer.csrf,
      )
    ).json();
    const body = [{ type: 'image', imageId: image.id, alt: 'Across the lane' }];
    const made = await api(writer, 'POST', url('/entries'), { title: 'The lane', body });
    assert.equal(made.statusCode, 201, made.body);
    const reopened = (await api(writer, 'GET', url('/entries'))).json().items.find((e: { id: string }) => e.id === made.json().id);
    const one = (await api(writer, 'GET', url(`/entries/${made.json().id}`))).json();
    const saved = (await api(writer, 'PATCH', url(`/entries/${made.json().id}`), { title: 'The lane, blocked', version: made.json().version })).json();
    for (const entry of [made.json(), reopened, one, saved]) {
      assert.deepEqual(entry.references.images[image.id], { src: image.src, alt: 'A fallen oak' });
      const figure = blocksToDoc(entry.body, entry.references).firstChild!;
      assert.equal(figure.type.name, 'image');
      assert.equal(figure.attrs.libraryAlt, 'A fallen oak');
      assert.equal(figure.attrs.src, image.src ?? '');
    }
  });

  it("fills a page with entries its reader may see: another's drafts, more than a page of them, never crowd it out", async () => {
    const other: string = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Flood watch, live', status: 'published' }))).json().id;
    assert.equal((await api(editor, 'PUT', `/articles/${other}/live-blog`, {})).statusCode, 201);
    const published: string[] = [];
    for (const title of ['Banks hold', 'Water rising', 'River over']) {
      const sent = await t.admin('POST', `/api/admin/articles/${other}/entries`, {
        title,
        bodyMarkdown: 'At the bridge.',
        writers: ['ada-reporter'],
        as: 'publish',
      });
      published.unshift(sent.json().id);
    }
    const mine: string = (await api(writer, 'POST', `/articles/${other}/entries`, { title: 'My notes', bodyMarkdown: 'Half done.' })).json().id;
    // The contributor's 201 drafts, more than the composer's page of 200, each listed before every entry above.
    await t.app.ctx.database.db.execute(sql`insert into live_entries (id, article_id, status, title, created_by, creator_id, modified_at)
      select gen_random_uuid(), ${other}, 'draft', 'Private ' || n, 'Contributor', ${contributor.id}, ${clock.toISOString()}::timestamptz + n * interval '1 second'
      from generate_series(1, 201) n`);
    const listedOn = async (who: Staff) => (await api(who, 'GET', `/articles/${other}/entries`)).json().items.map((e: { id: string }) => e.id);
    assert.deepEqual(await listedOn(writer), [mine, ...published]);
    assert.deepEqual(await listedOn(editor), published);
    assert.equal((await listedOn(contributor)).length, 200, 'a full page of their own drafts');
    const adminPage = async (limit: number) =>
      (await t.admin('GET', `/api/admin/articles/${other}/entries?limit=${limit}`)).json().items.map((e: { id: string }) => e.id);
    assert.deepEqual(await adminPage(2), published.slice(0, 2), 'a full page for the Admin API');
    const byScript: string = (await t.admin('POST', `/api/admin/articles/${other}/entries`, { title: 'Wire', writers: ['ada-reporter'] })).json().id;
    assert.deepEqual(await adminPage(2), [byScript, published[0]]);
  });
});
