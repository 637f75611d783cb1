import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../test/support/app.ts';
import { openReaderSite, path, type ReaderSite } from './reader-site.fixtures.ts';

/** The reader site's article page: every part in order, both editions, caching, security headers and its assets. */
describe('reader site: the article page', () => {
  let t: TestApp;
  let story: ReaderSite['story'];
  let other: ReaderSite['other'];
  let html: ReaderSite['html'];
  const now = () => new Date();

  before(async () => {
    ({ t, story, other, html } = await openReaderSite(now, { SURROGATE_KEYS: 'on' }));
  });
  after(() => t.close());

  it('shows every part of an article page, in order', async () => {
    const page = await html(path(story.url));
    const order = [
      'class="breadcrumb"',
      '<h1 class="article__headline">Leaders sign a joint statement at the harbour summit</h1>',
      'class="article__standfirst">Two governments back monitored talks.',
      'href="https://news.example/author/ada-reporter" rel="author">Ada Reporter</a>',
      'class="dateline"',
      'href="#comments"',
      // The alerts bell sits beside the comment count; the invitation it opens floats over the page.
      'data-slot="alerts-prompt"',
      '<picture>',
      'class="article__body"',
      'class="related"',
      'class="topics"',
      'data-slot="support-ask"',
      'id="comments"',
    ];
    let at = 0;
    for (const marker of order) {
      const found = page.indexOf(marker, at);
      assert.ok(found > -1, `${marker} missing or out of order`);
      at = found;
    }
    // Home edition US: the dateline is in New York time, EST in November.
    assert.match(page, /<time datetime="2017-11-11T09:36:00.000Z">Sat 11 Nov 2017 04:36 EST<\/time>/);
    assert.match(page, /<blockquote class="quote"><p>We agreed on the next step.<\/p><footer><cite>A negotiator<\/cite><\/footer><\/blockquote>/);
    assert.match(page, /srcset="[^"]*\/640\.webp 640w/);
    assert.match(page, /width="1600" height="900"/);
    assert.match(page, /The closing session\.<span class="credit"> Photo: Test Desk<\/span>/);
    assert.match(page, /<strong>Saturday<\/strong>/);
    assert.match(page, /An earlier explainer/);
    assert.match(page, /<link rel="canonical" href="https:\/\/news.example\/world\/leaders-sign/);
    assert.match(page, /<meta property="og:image" content="https:\/\/news.example\/media\//);
    assert.match(page, /<meta name="twitter:card" content="summary_large_image"/);
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(page)![1]!);
    assert.equal(jsonLd['@type'], 'NewsArticle');
    assert.equal(jsonLd.isAccessibleForFree, true);
    assert.equal(jsonLd.datePublished, '2017-11-11T09:36:00.000Z');
    assert.deepEqual(
      jsonLd.author.map((a: { url: string }) => a.url),
      ['https://news.example/author/ada-reporter', 'https://news.example/author/ben-editor'],
    );
    assert.ok(jsonLd.publisher.logo.url.startsWith('https://news.example/assets/logo-'));
    assert.ok(jsonLd.image[0].endsWith('.jpg'));
  });

  it('renders the article in the other edition with its zone, linked by hreflang', async () => {
    const page = await html(path(story.url));
    assert.match(page, /<link rel="alternate" hreflang="en-GB" href="https:\/\/news.example\/uk\/world\/leaders-sign/);
    assert.match(page, /<link rel="alternate" hreflang="x-default"/);
    const uk = await html(`/uk${path(story.url)}`);
    assert.match(uk, /<html lang="en-GB">/);
    assert.match(uk, /Sat 11 Nov 2017 09:36 GMT/);
    // The home edition lives at the plain address.
    const home = await t.get(`/us${path(story.url)}`);
    assert.equal(home.statusCode, 301);
    assert.equal(home.headers.location, path(story.url));
    // An article not in an edition has no page there.
    assert.equal((await t.get(`/us/world/${other.slug}`)).statusCode, 404);
  });

  it('serves pages from the cache with ETags, 304s and CDN headers', async () => {
    const first = await t.get(path(story.url));
    const second = await t.get(path(story.url));
    assert.equal(first.headers.etag, second.headers.etag);
    assert.match(first.headers['cache-control'] as string, /s-maxage=\d+/);
    assert.match(first.headers['cache-control'] as string, /stale-while-revalidate=\d+/);
    assert.match(first.headers['surrogate-key'] as string, new RegExp(`article:${story.id}`));
    assert.ok(t.app.pageCache.get(`article::world/${story.slug}`), 'the page is cached');
    const notModified = await t.app.inject({ url: path(story.url), headers: { 'if-none-match': first.headers.etag as string } });
    assert.equal(notModified.statusCode, 304);
    assert.equal(notModified.body, '');
    for (const header of ['garbage', '"', 'W/', ','.repeat(3000), '"a", W/"b"']) {
      const response = await t.app.inject({ url: path(story.url), headers: { 'if-none-match': header } });
      assert.equal(response.statusCode, 200, header);
    }
    const gzip = await t.app.inject({ url: path(story.url), headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
  });

  it('sends security headers on pages, APIs and errors', async () => {
    for (const url of [path(story.url), '/api/content/articles', '/no/such/page/here', '/assets/nothing.css']) {
      const response = await t.get(url);
      const csp = response.headers['content-security-policy'] as string;
      assert.match(csp, /script-src 'self'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(response.headers['referrer-policy'], 'strict-origin-when-cross-origin', url);
      assert.ok(response.headers['permissions-policy'], url);
      assert.ok(response.headers['strict-transport-security'], `${url}: HSTS over HTTPS`);
    }
  });

  it('serves the stylesheet and island code from hashed, immutable addresses within budget', async () => {
    const page = await html(path(story.url));
    const css = /href="(\/assets\/site-[^"]+\.css)"/.exec(page)![1]!;
    const js = /src="(\/assets\/islands-[^"]+\.js)"/.exec(page)![1]!;
    for (const asset of [css, js]) {
      const response = await t.get(asset);
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['cache-control'] as string, /immutable/);
    }
    assert.ok(Buffer.byteLength(page) < 60_000, `article HTML is ${Buffer.byteLength(page)} bytes`);
  });
});
