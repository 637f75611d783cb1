import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { testdata } from '../../test/support/testdata.ts';
import { validateSitemap } from '../../test/support/xml.ts';

describe('reader site', () => {
  let t: TestApp;
  let heroId: string;
  let story: { id: string; slug: string; url: string; version: number };
  let other: { id: string; slug: string };
  const path = (url: string) => new URL(url).pathname;
  const html = async (url: string) => {
    const response = await t.get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
    return response.body;
  };

  // The app's clock runs with the real one, and a test moves it on instead of sleeping.
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);

  before(async () => {
    t = await createTestApp({ now });
    await seedBasics(t);
    const image = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 30, g: 60, b: 90 } } })
      .jpeg()
      .toBuffer();
    const form = multipart(
      { alt: 'Leaders at the table', caption: 'The closing session.', credit: 'Photo: Test Desk' },
      { filename: 'x.jpg', type: 'image/jpeg', data: image },
    );
    heroId = (
      await t.app.inject({ method: 'POST', url: '/api/admin/images', payload: form.payload, headers: { ...form.headers, authorization: `Bearer ${t.token}` } })
    ).json().id;
    other = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'An earlier explainer', status: 'published', editions: ['uk'] }))).json();
    story = (
      await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({
          headline: 'Leaders sign a joint statement at the harbour summit',
          standfirst: 'Two governments back monitored talks.',
          authors: ['ada-reporter', 'ben-editor'],
          topics: ['diplomacy', 'trade'],
          editions: ['us', 'uk'],
          hero: { imageId: heroId },
          bodyMarkdown: undefined,
          body: [
            { type: 'paragraph', content: [{ text: 'The statement was signed on ' }, { text: 'Saturday', bold: true }, { text: '.' }] },
            { type: 'quote', content: [{ text: 'We agreed on the next step.' }], attribution: 'A negotiator' },
            { type: 'related', articleId: other.id },
            { type: 'paragraph', content: [{ text: 'Aid agencies welcomed it.' }] },
          ],
          status: 'published',
          publishedAt: '2017-11-11T09:36:00Z',
        }),
      )
    ).json();
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

  it('answers unknown addresses with an HTML 404 page, and API paths with JSON', async () => {
    const page = await t.get('/a/b/c/d');
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Page not found/);
    const api = await t.get('/api/nothing');
    assert.match(api.headers['content-type'] as string, /application\/json/);
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
