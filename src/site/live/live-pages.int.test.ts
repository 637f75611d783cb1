import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validArticle } from '../../../test/support/app.ts';
import { countQueries } from '../../../test/support/query-count.ts';
import { liveBlogs } from '../../content/index.ts';
import { entryIds, openLiveSite, type LiveSite } from './live.fixtures.ts';

/** A live blog's pages: the latest at the article's address, stable older pages, permalinks, 404s and the purge at each entry. */
describe('live blog pages', () => {
  let s: LiveSite;
  const ids: string[] = [];

  before(async () => {
    s = await openLiveSite();
  });
  after(() => s.t.close());

  it('shows the blog with its Live mark, entries newest first, key events and the pinned entry first', async () => {
    const first = await s.post({ title: 'Polls close', bodyMarkdown: 'Counting starts.', keyEvent: true });
    const second = await s.post({ title: 'Turnout is up', bodyMarkdown: 'Queues at noon.', pinned: true });
    const third = await s.post({ title: '', bodyMarkdown: 'A quiet hour.' });
    ids.push(first.id, second.id, third.id);
    const page = await s.get(s.blog.path);
    assert.equal(page.status, 200);
    assert.match(page.body, /<p class="live-mark">Live<\/p>/);
    assert.deepEqual(entryIds(page.body), [second.id, third.id, first.id], 'pinned first, then newest first');
    assert.match(page.body, new RegExp(`class="key-events"[\\s\\S]*href="/world/${s.blog.slug}/entry/${first.id}"`));
    assert.match(page.body, /class="live-entry__mark live-entry__mark--pinned">Pinned/);
    assert.match(
      page.body,
      new RegExp(`id="live-entries" class="live-entries" data-live-blog="${s.blog.id}" data-last-change="\\d+" data-order="newest" data-page="latest"`),
    );
    assert.match(
      page.body,
      new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="[^"]*" href="https://news.example/world/${s.blog.slug}/live/rss.xml"`),
    );
    assert.match(page.body, /<h1 class="article__headline">Election night, live<\/h1>/);
  });

  it('does not show drafts, held entries or deleted ones, and their permalinks are 404', async () => {
    const draft = await s.post({ title: 'Not yet' }, null);
    const held = await s.post({ title: 'For the editor' }, { as: 'hold' });
    const gone = await s.post({ title: 'A mistake' });
    await liveBlogs.deleteEntry(s.t.app.ctx, gone.id, gone.version, { actor: 'account:test', now: s.clock.now });
    const page = await s.get(s.blog.path);
    for (const hidden of [draft, held, gone]) {
      assert.ok(!entryIds(page.body).includes(hidden.id), hidden.title);
      assert.equal((await s.get(`${s.blog.path}/entry/${hidden.id}`)).status, 404, hidden.title);
    }
    assert.equal((await s.get(`${s.blog.path}/entry/00000000-0000-4000-8000-000000000000`)).status, 404);
    assert.equal((await s.get(`${s.blog.path}/entry/not-a-uuid`)).status, 400);
  });

  it('sends a permalink to the latest page while the entry is there', async () => {
    const answer = await s.get(`${s.blog.path}/entry/${ids[0]}`);
    assert.equal(answer.status, 302);
    assert.equal(answer.location, `${s.blog.path}#entry-${ids[0]}`);
  });

  it('takes an entry id in capitals for the same entry, at its lowercase anchor, first asked or cached', async () => {
    const shouting = `${s.blog.path}/entry/${ids[0]!.toUpperCase()}`;
    s.t.app.pageCache.purge(null);
    for (const path of [shouting, `${s.blog.path}/entry/${ids[0]}`, shouting]) {
      const answer = await s.get(path);
      assert.equal(answer.status, 302, path);
      assert.equal(answer.location, `${s.blog.path}#entry-${ids[0]}`, path);
    }
    assert.ok((await s.get(s.blog.path)).body.includes(`id="entry-${ids[0]}"`), 'the anchor is on the page');
  });

  it('has no older pages while the blog is short, and no older pages for an ordinary article', async () => {
    assert.equal((await s.get(`${s.blog.path}/page/1`)).status, 404);
    const plain = (await s.t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    assert.equal((await s.get(`/world/${plain.slug}/page/1`)).status, 404);
    assert.equal((await s.get(`/world/${plain.slug}`)).status, 200);
  });

  it('purges the latest page at a new entry while other pages stay cached', async () => {
    const other = (await s.t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Something else', status: 'published' }))).json();
    await s.get(`/world/${other.slug}`);
    const cachedOther = s.t.app.pageCache.get(`article::world/${other.slug}`);
    assert.ok(cachedOther, 'the other article is cached');
    await s.get(s.blog.path);
    assert.ok(s.t.app.pageCache.get(`article::world/${s.blog.slug}`), 'the blog is cached');
    const fresh = await s.post({ title: 'Breaking now' });
    assert.equal(s.t.app.pageCache.get(`article::world/${s.blog.slug}`), undefined, 'the blog is purged');
    assert.equal(s.t.app.pageCache.get(`article::world/${other.slug}`), cachedOther, 'the other article is not');
    assert.equal(entryIds((await s.get(s.blog.path)).body)[1], fresh.id, 'the new entry shows at once (after the pinned one)');
  });

  it('moves old entries to stable older pages; page 1 stays the same as entries are added; permalinks follow', async () => {
    while ((await liveBlogs.getBlog(s.t.app.ctx.database.db, s.blog.id)).lastPosition < 45) await s.post({ title: 'Filler', bodyMarkdown: 'More.' });
    const older = await s.get(`${s.blog.path}/page/1`);
    assert.equal(older.status, 200);
    const pageOne = entryIds(older.body);
    assert.ok(pageOne.includes(ids[0]!), 'the first entry is on page 1');
    assert.equal(pageOne.length, 20 - 1, 'positions 1 to 20 less the deleted one (drafts and held entries have no position)');
    assert.match(older.body, new RegExp(`<link rel="canonical" href="https://news.example/world/${s.blog.slug}/page/1"`));
    assert.match(older.body, new RegExp(`<link rel="prev" href="https://news.example/world/${s.blog.slug}"`));
    assert.match(older.body, /class="live-pages__newer"/);
    assert.doesNotMatch(older.body, /class="key-events"/);
    const latest = await s.get(s.blog.path);
    assert.match(latest.body, new RegExp(`<link rel="next" href="https://news.example/world/${s.blog.slug}/page/1"`));
    assert.match(latest.body, new RegExp(`class="live-pages__older" href="/world/${s.blog.slug}/page/1"`));
    assert.equal((await s.get(`${s.blog.path}/page/2`)).status, 404, 'page 2 is the latest page, at the blog’s own address');
    assert.equal((await s.get(`${s.blog.path}/page/0`)).status, 400);
    const moved = await s.get(`${s.blog.path}/entry/${ids[0]}`);
    assert.equal(moved.status, 302);
    assert.equal(moved.location, `${s.blog.path}/page/1#entry-${ids[0]}`);
    for (let i = 0; i < 5; i++) await s.post({ title: 'Later', bodyMarkdown: 'Later still.' });
    assert.deepEqual(entryIds((await s.get(`${s.blog.path}/page/1`)).body), pageOne, 'page 1 shows the same entries');
  });

  it('renders a page in the same few queries however many entries it shows (none per entry)', async () => {
    const uncached = async (entries: number) => {
      for (let i = 0; i < entries; i++) await s.post({ title: 'Tick', bodyMarkdown: 'Tock.' });
      // What listeners do after each post (alerts look for key events) finishes first, so only the page is counted.
      let settled = Infinity;
      for (let round = 0; round < 50 && settled > 0; round++) settled = await countQueries(s.t.app.ctx.database, () => new Promise((r) => setTimeout(r, 100)));
      s.t.app.pageCache.purge(null);
      return countQueries(s.t.app.ctx.database, () => s.get(s.blog.path));
    };
    const few = await uncached(1);
    const many = await uncached(18);
    assert.equal(many, few);
    assert.ok(few <= 12, `${few} queries`);
  });
});
