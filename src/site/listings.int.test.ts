import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/support/app.ts';
import { testdata } from '../../test/support/testdata.ts';
import { validateSitemap } from '../../test/support/xml.ts';
import { openReaderSite, type ReaderSite } from './reader-site.fixtures.ts';

/** The reader site's listings: fronts, sections, topics and authors, search, feeds and sitemaps, and the 404 page. */
describe('reader site: listings, search and feeds', () => {
  let t: TestApp;
  let story: ReaderSite['story'];
  let html: ReaderSite['html'];
  const now = () => new Date();

  before(async () => {
    ({ t, story, html } = await openReaderSite(now));
  });
  after(() => t.close());

  it('lists articles on fronts, sections (with subsections), topics and authors, with pagination', async () => {
    assert.match(await html('/us'), /Leaders sign a joint statement/);
    assert.match(await html('/uk'), /An earlier explainer/);
    assert.doesNotMatch(await html('/us'), /An earlier explainer/);
    const news = await html('/news');
    assert.match(news, /Leaders sign a joint statement/);
    assert.match(news, /<a href="https:\/\/news.example\/world">World<\/a>/);
    const topic = await html('/topic/trade');
    assert.match(topic, /Leaders sign a joint statement/);
    assert.match(await html('/author/ben-editor'), /Leaders sign a joint statement/);
    for (const page of [await html('/us'), news, topic])
      assert.match(
        page,
        /data-island="support-ask"[^>]*data-props="\{&quot;slot&quot;:&quot;banner&quot;/,
        'a place for the support banner, filled in the browser',
      );
    assert.equal((await t.get('/news?page=2')).statusCode, 404);
    assert.equal((await t.get('/news?page=0')).statusCode, 400);
    assert.equal((await t.get('/news?page=%3Cscript%3E')).statusCode, 400);
    // A repeated parameter gets the reader's 400 page too, not a JSON validation error.
    for (const url of ['/news?page=1&page=2', '/us?page=2&page=3', '/search?q=aid&q=agencies']) {
      const response = await t.get(url);
      assert.equal(response.statusCode, 400, url);
      assert.match(response.headers['content-type'] as string, /^text\/html/, url);
    }
    assert.equal((await t.get('/no-such-section')).statusCode, 404);
    assert.equal((await t.get('/topic/no-such-topic')).statusCode, 404);
  });

  it('sends readers to their remembered edition', async () => {
    const plain = await t.get('/');
    assert.equal(plain.statusCode, 302);
    assert.equal(plain.headers.location, '/uk');
    const remembered = await t.app.inject({ url: '/', headers: { cookie: 'edition=us' } });
    assert.equal(remembered.headers.location, '/us');
    const bogus = await t.app.inject({ url: '/', headers: { cookie: 'edition=<script>' } });
    assert.equal(bogus.headers.location, '/uk');
  });

  it('searches with ranking, highlighted snippets and filters', async () => {
    const page = await html('/search?q=aid+agencies');
    assert.match(page, /<mark>Aid<\/mark> <mark>agencies<\/mark>/);
    assert.match(page, /Leaders sign a joint statement/);
    assert.match(await html('/search?q=aid&edition=uk'), /Leaders sign/);
    assert.doesNotMatch(await html('/search?q=explainer&section=news&edition=us'), /An earlier explainer<\/a>/);
    assert.equal((await t.get('/search?q=aid&edition=fr')).statusCode, 400);
    assert.equal((await t.get(`/search?q=${'x'.repeat(201)}`)).statusCode, 400);
  });

  it('never reflects hostile query strings unescaped, and never fails', async () => {
    for (const payload of testdata.xss().slice(0, 300)) {
      const response = await t.get(`/search?q=${encodeURIComponent(payload)}`);
      assert.ok([200, 400].includes(response.statusCode), `${response.statusCode} for ${payload}`);
      if (payload.includes('<')) assert.ok(!response.body.includes(payload), `reflected: ${payload}`);
    }
    for (const payload of [...testdata.pathTraversal(), ...testdata.sqli()]) {
      const response = await t.get(`/${encodeURIComponent(payload)}/x`);
      assert.ok(response.statusCode < 500, `${response.statusCode} for ${payload}`);
    }
  });

  it('publishes RSS, JSON Feed and sitemaps that validate', async () => {
    const feed = await html('/rss.xml');
    assert.match(feed, /<rss version="2.0"/);
    for (const element of ['<title>', '<link>', '<description>', '<atom:link']) assert.ok(feed.includes(element), element);
    assert.match(feed, /<guid isPermaLink="true">https:\/\/news.example\/world\/leaders-sign/);
    assert.match(feed, /<pubDate>Sat, 11 Nov 2017 09:36:00 GMT<\/pubDate>/);
    assert.match(feed, /<media:content url="https:\/\/news.example\/media\/[^"]+\.jpg" type="image\/jpeg" medium="image"/);
    for (const url of ['/news/rss.xml', '/topic/trade/rss.xml', '/author/ada-reporter/rss.xml'])
      assert.match(await html(url), /Leaders sign a joint statement/);
    const json = JSON.parse(await html('/feed.json'));
    assert.equal(json.version, 'https://jsonfeed.org/version/1.1');
    assert.ok(json.items.some((i: { url: string; authors: unknown[] }) => i.url === story.url && i.authors.length === 2));
    assert.deepEqual(await validateSitemap(await html('/sitemap.xml'), 'index'), { valid: true, errors: [] });
    const articles = await html('/sitemaps/articles-1.xml');
    assert.deepEqual(await validateSitemap(articles, 'articles'), { valid: true, errors: [] });
    assert.ok(articles.includes(story.url));
    const robots = await html('/robots.txt');
    assert.match(robots, /Sitemap: https:\/\/news.example\/sitemap.xml/);
  });

  it('answers unknown addresses with an HTML 404 page, and API paths with JSON', async () => {
    const page = await t.get('/a/b/c/d');
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Page not found/);
    const api = await t.get('/api/nothing');
    assert.match(api.headers['content-type'] as string, /application\/json/);
  });
});
