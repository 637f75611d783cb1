import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liveBlogs } from '../content/index.ts';
import { openLiveSite, type LiveSite } from '../site/live/live.fixtures.ts';

/** The Content API's live blogs: the state on the article, entries newest first by cursor, and what changed since a change number. */
describe('Content API: live blog entries', () => {
  let s: LiveSite;
  const who = () => ({ actor: 'account:test', now: s.clock.now });
  const entries = (query = '') => s.t.get(`/api/content/articles/${s.blog.id}/entries${query}`);

  before(async () => {
    s = await openLiveSite();
  });
  after(() => s.t.close());

  it('says on the public article that it is a live blog, and where its entries are', async () => {
    const article = (await s.t.get(`/api/content/articles/${s.blog.slug}`)).json();
    assert.deepEqual(article.liveBlog, {
      state: 'open',
      order: 'newest',
      coverageStartedAt: '2026-03-29T00:30:00.000Z',
      coverageEndedAt: null,
      lastChange: 0,
      entriesUrl: `https://news.example/api/content/articles/${s.blog.id}/entries`,
    });
  });

  it('pages through published entries newest first, drafts never shown', async () => {
    for (let i = 1; i <= 5; i++) await s.post({ title: `Entry ${i}`, bodyMarkdown: `Text ${i}.` });
    await s.post({ title: 'A draft' }, null);
    const first = await entries('?limit=2');
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json();
    assert.deepEqual(
      page.items.map((e: { title: string }) => e.title),
      ['Entry 5', 'Entry 4'],
    );
    assert.equal(page.items[0].bodyText, 'Text 5.');
    assert.equal(page.items[0].writers[0].name, 'Ada Reporter');
    const rest = (await entries(`?limit=10&cursor=${page.nextCursor}`)).json();
    assert.deepEqual(
      rest.items.map((e: { title: string }) => e.title),
      ['Entry 3', 'Entry 2', 'Entry 1'],
    );
    assert.equal(rest.nextCursor, null);
    assert.equal(rest.blog.lastChange, 5);
  });

  it('answers what changed since a change number: edits, new entries and tombstones, each once', async () => {
    const since = (await entries()).json().blog.lastChange;
    const [fifth, fourth] = (await liveBlogs.publishedBefore(s.t.app.ctx.database.db, s.blog.id, null, 2))!;
    await liveBlogs.updateEntry(s.t.app.ctx, fourth!.id, { version: fourth!.version, title: 'Entry 4, corrected' }, who());
    await liveBlogs.deleteEntry(s.t.app.ctx, fifth!.id, fifth!.version, who());
    const added = await s.post({ title: 'Entry 6' });
    const changed = (await entries(`?since=${since}`)).json();
    assert.deepEqual(changed.items, [
      { ...changed.items[0], id: fourth!.id, title: 'Entry 4, corrected' },
      { id: fifth!.id, deleted: true, change: changed.items[1].change },
      { ...changed.items[2], id: added.id, title: 'Entry 6' },
    ]);
    assert.equal(changed.nextSince, null);
    const partial = (await entries(`?since=${since}&limit=2`)).json();
    assert.equal(partial.items.length, 2);
    assert.equal((await entries(`?since=${partial.nextSince}`)).json().items[0].id, added.id);
    assert.deepEqual((await entries(`?since=${changed.blog.lastChange}`)).json().items, []);
  });

  it('refuses what is not a live blog or a good question', async () => {
    assert.equal((await s.t.get('/api/content/articles/00000000-0000-4000-8000-000000000000/entries')).statusCode, 404);
    assert.equal((await s.t.get('/api/content/articles/nope/entries')).statusCode, 400);
    assert.equal((await entries('?since=-1')).statusCode, 400);
    assert.equal((await entries('?cursor=abc')).statusCode, 400);
    assert.equal((await entries('?cursor=3&since=1')).statusCode, 422);
    assert.equal((await entries('?limit=1000')).statusCode, 400);
  });

  it('refuses a cursor or change number past what the database can hold with a 400 naming it', async () => {
    for (const query of ['?cursor=9999999999', '?since=99999999999999999999', '?since=-1', '?cursor=abc']) {
      const response = await entries(query);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.match(response.json().error.message, /cursor|since/);
    }
  });
});
