import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validArticle } from '../../../test/support/app.ts';
import { liveBlogs } from '../../content/index.ts';
import { entryIds, openLiveSite, type LiveSite } from './live.fixtures.ts';

const LIVE_MARK = '<span class="live-mark live-mark--card">Live</span>';

/** An open live blog is marked "Live" on its cards and in the site's feeds; its entries never appear as articles there. */
describe('live blog: marks elsewhere', () => {
  let s: LiveSite;

  before(async () => {
    s = await openLiveSite();
    await s.post({ title: 'An entry headline nobody else has', bodyMarkdown: 'Entry text nobody else has.' });
  });
  after(() => s.t.close());

  it('marks the open blog on fronts, section lists and in the site feeds', async () => {
    for (const path of ['/uk', '/world']) {
      const page = (await s.get(path)).body;
      assert.ok(page.includes(LIVE_MARK), `${path} marks the blog live`);
    }
    assert.match((await s.get('/rss.xml')).body, /<item><title>Live: Election night, live<\/title>[^]*?<category>Live<\/category>/);
    const json = JSON.parse((await s.get('/feed.json')).body);
    const item = json.items.find((i: { title: string }) => i.title === 'Live: Election night, live');
    assert.ok(item?.tags.includes('Live'));
    const api = (await s.t.get('/api/content/articles')).json();
    assert.equal(api.items.find((a: { id: string }) => a.id === s.blog.id).liveBlogState, 'open');
  });

  it('keeps entries out of the site feeds, sitemaps and search', async () => {
    for (const path of ['/rss.xml', '/feed.json', '/world/rss.xml', '/sitemaps/articles-1.xml', '/sitemaps/news.xml', '/search?q=nobody'])
      assert.doesNotMatch((await s.get(path)).body, /nobody else has/, path);
  });

  it('drops the marks at once when the blog closes', async () => {
    const blog = await liveBlogs.getBlog(s.t.app.ctx.database.db, s.blog.id);
    await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { state: 'closed', version: blog.version }, { actor: 'account:test', now: s.clock.now });
    for (const path of ['/uk', '/world']) assert.ok(!(await s.get(path)).body.includes(LIVE_MARK), `${path} no longer marks it`);
    assert.doesNotMatch((await s.get('/rss.xml')).body, /Live: /);
  });

  it('answers its pages and permalinks in its other editions too, beside the routes that share their shape', async () => {
    const made = await s.t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Two editions, live', status: 'published', editions: ['uk', 'us'] }));
    const { id, slug } = made.json();
    const who = { actor: 'account:test', now: s.clock.now };
    await liveBlogs.makeLiveBlog(s.t.app.ctx, id, { entryOrder: 'oldest' }, who);
    const entries = [];
    for (let i = 1; i <= 41; i++)
      entries.push(await liveBlogs.createEntry(s.t.app.ctx, id, { title: `Over ${i}`, writers: ['ada-reporter'] }, { as: 'publish' }, who));
    const latest = (await s.get(`/us/world/${slug}`)).body;
    assert.match(latest, /data-order="oldest"/);
    assert.deepEqual(
      entryIds(latest),
      entries.slice(20).map((e) => e.id),
      'oldest first on the latest page too',
    );
    assert.equal((await s.get(`/us/world/${slug}/page/1`)).status, 200);
    const permalink = await s.get(`/us/world/${slug}/entry/${entries[0]!.id}`);
    assert.equal(permalink.location, `/us/world/${slug}/page/1#entry-${entries[0]!.id}`);
    assert.equal((await s.get(`/world/${slug}/page/1`)).status, 200);
    assert.equal((await s.get(`/world/${slug}/live/rss.xml`)).status, 200);
    for (const path of ['/us/search?q=x', '/world/rss.xml', '/topic/diplomacy/rss.xml', '/us/world/' + slug])
      assert.equal((await s.get(path)).status, 200, path);
  });
});
