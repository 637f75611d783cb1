import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/support/app.ts';
import { validArticle } from '../../test/support/app.ts';
import { validateSitemap } from '../../test/support/xml.ts';
import { openReaderSite, path, type ReaderSite } from './reader-site.fixtures.ts';

/** The reader site keeps up with the newsroom: publications, unpublications, embargoes, updates and corrections show at once. */
describe('reader site: publishing reaches every page', () => {
  let t: TestApp;
  let story: ReaderSite['story'];
  let other: ReaderSite['other'];
  let html: ReaderSite['html'];
  // The app's clock runs with the real one, and a test moves it on instead of sleeping.
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);

  before(async () => {
    ({ t, story, other, html } = await openReaderSite(now));
  });
  after(() => t.close());

  it('a publication reaches every page, feed and sitemap at once, and an unpublication leaves them', async () => {
    // Warm every cache first.
    const watched = [
      '/uk',
      '/us',
      '/news',
      '/world',
      '/topic/diplomacy',
      '/author/ada-reporter',
      '/rss.xml',
      '/feed.json',
      '/news/rss.xml',
      '/sitemaps/articles-1.xml',
      '/sitemaps/news.xml',
      '/sitemap.xml',
    ];
    for (const url of watched) await html(url);
    const fresh = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Breaking: the bridge reopens', status: 'published' }))).json();
    for (const url of watched.filter((u) => u !== '/sitemap.xml'))
      assert.match(await html(url), /Breaking: the bridge reopens|breaking-the-bridge-reopens/, `${url} shows the new article`);
    const news = await html('/sitemaps/news.xml');
    assert.deepEqual(await validateSitemap(news, 'news'), { valid: true, errors: [] });
    assert.match(news, /<news:title>Breaking: the bridge reopens<\/news:title>/);

    await t.admin('POST', `/api/admin/articles/${fresh.id}/unpublish`);
    for (const url of watched) assert.doesNotMatch(await html(url), /Breaking: the bridge reopens|breaking-the-bridge-reopens/, `${url} no longer shows it`);
    const gone = await t.get(path(fresh.url));
    assert.equal(gone.statusCode, 410);
    assert.match(gone.body, /withdrawn/);
    // Publishing it again brings the page back at once, though the 410 was cached.
    await t.admin('POST', `/api/admin/articles/${fresh.id}/publish`);
    assert.equal((await t.get(path(fresh.url))).statusCode, 200);
  });

  it('an embargoed article stays off every page until the queue publishes it, then appears at once', async () => {
    const draft = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Embargoed budget figures', editions: ['uk'] }))).json();
    await t.admin('POST', `/api/admin/articles/${draft.id}/schedule`, { at: new Date(now().getTime() + 1_000).toISOString() });
    for (const url of ['/uk', '/rss.xml', '/sitemaps/articles-1.xml'])
      assert.doesNotMatch(await html(url), /Embargoed budget figures|embargoed-budget-figures/, url);
    assert.equal((await t.get(path(draft.url))).statusCode, 404);
    ahead += 1_100;
    assert.ok((await t.app.jobs.runDue()) >= 1, 'the publication job ran');
    for (const url of ['/uk', '/rss.xml', '/sitemaps/articles-1.xml', path(draft.url)])
      assert.match(await html(url), /Embargoed budget figures|embargoed-budget-figures/, url);
  });

  it('an update and a correction show at once, and purge only what shows the article', async () => {
    const url = path(story.url);
    await html(url);
    await html(`/world/${other.slug}`);
    await html('/us');
    const current = (await t.admin('GET', `/api/admin/articles/${story.id}`)).json();
    await t.admin('PATCH', `/api/admin/articles/${story.id}`, { version: current.version, headline: 'Leaders sign a revised joint statement' });
    assert.match(await html(url), /Leaders sign a revised joint statement/);
    assert.match(await html('/us'), /Leaders sign a revised joint statement/);
    assert.match(await html('/rss.xml'), /Leaders sign a revised joint statement/);
    assert.match(await html('/feed.json'), /Leaders sign a revised joint statement/);
    assert.ok(t.app.pageCache.get(`article::world/${other.slug}`), 'an unrelated article page stays cached');

    await t.admin('POST', `/api/admin/articles/${story.id}/corrections`, { kind: 'correction', note: 'An earlier version misnamed the harbour.' });
    const corrected = await html(url);
    assert.match(corrected, /Corrections and updates/);
    assert.match(corrected, /An earlier version misnamed the harbour\./);
    assert.match(corrected, /class="updated">Updated/);

    // The linked article's headline changes on the page that links to it.
    const linked = (await t.admin('GET', `/api/admin/articles/${other.id}`)).json();
    await t.admin('PATCH', `/api/admin/articles/${other.id}`, { version: linked.version, headline: 'A renamed explainer' });
    assert.match(await html(url), /A renamed explainer/);
  });
});
