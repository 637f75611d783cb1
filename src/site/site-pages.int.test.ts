import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { activeContent } from '../../test/support/html.ts';
import { testdata } from '../../test/support/testdata.ts';
import { validateSitemap } from '../../test/support/xml.ts';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
/** The text of the page's first <h1>, entities decoded: what a reader sees as the title. */
const headingText = (html: string) =>
  (/<h1 class="article__headline">([^<]*)<\/h1>/.exec(html)?.[1] ?? '').replace(/&(lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);

/** The reader's side of the site's own pages: their addresses, the footer, and the forms that link them. */
describe('site pages: /info, the footer and the policy links', () => {
  let t: TestApp;
  let articleUrl: string;
  /** The app's clock: the machine's, unless a test sets one. */
  let clock: Date | null = null;
  before(async () => {
    t = await createTestApp({ env: { PAYMENTS_SANDBOX: '1' }, now: () => clock ?? new Date() });
    await seedBasics(t);
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    articleUrl = new URL(article.url).pathname;
  });
  after(() => t.close());

  it('links no policy while the pages are unpublished', async () => {
    assert.doesNotMatch((await t.get('/account/register')).body, /\/info\/privacy/);
    assert.doesNotMatch((await t.get(articleUrl)).body, /\/info\/community-standards/);
  });

  it('links the privacy notice from registration and support, the community standards from comments, and every page from the footer', async () => {
    const article = await t.get(articleUrl); // cached before the pages exist: publishing must refresh it
    assert.equal(article.statusCode, 200);
    for (const [slug, title] of [
      ['privacy', 'Privacy notice'],
      ['community-standards', 'Community standards'],
    ]) {
      const created = await t.admin('POST', '/api/admin/pages', { title, slug, body: [paragraph(`${title} in brief.`)], publish: true });
      assert.equal(created.statusCode, 201, created.body);
    }
    const register = (await t.get('/account/register')).body;
    assert.match(register, /<a href="https:\/\/news\.example\/info\/privacy">Privacy notice<\/a>/);
    const support = (await t.get('/support')).body;
    assert.match(support, /<a href="https:\/\/news\.example\/info\/privacy">Privacy notice<\/a>/);
    const page = (await t.get(articleUrl)).body;
    assert.match(page, /Comments follow our <a href="https:\/\/news\.example\/info\/community-standards">Community standards<\/a>/);
    assert.match(page, /&quot;standards&quot;:\{&quot;title&quot;:&quot;Community standards&quot;/);
    // The footer, on every page.
    // The footer, on every page: the navigation's footer menu lists the published pages until
    // editors save a footer of their own.
    assert.match(page, /<nav class="footer-menu"[^>]*>.*<a href="\/info\/privacy">Privacy notice<\/a>.*<\/nav>/s);
    assert.match((await t.get('/uk')).body, /<footer.*<a href="\/info\/community-standards">/s);
  });

  it('renames a page in the footer and drops a withdrawn one from it', async () => {
    const other = (await t.admin('POST', '/api/admin/pages', { title: 'Terms of use', publish: true })).json();
    assert.match((await t.get('/uk')).body, />Terms of use<\/a>/);
    await t.admin('PUT', `/api/admin/pages/${other.id}`, { version: other.version, title: 'Terms' });
    const home = (await t.get('/uk')).body;
    assert.match(home, />Terms<\/a>/);
    assert.doesNotMatch(home, />Terms of use<\/a>/);
    assert.equal((await t.get('/info/terms-of-use')).statusCode, 200);
    await t.admin('POST', `/api/admin/pages/${other.id}/withdraw`);
    assert.doesNotMatch((await t.get('/uk')).body, />Terms<\/a>/);
    assert.equal((await t.get('/info/terms-of-use')).statusCode, 410);
  });

  it('lists the published pages in their own sitemap, with when each changed, refreshed when one changes', async () => {
    const index = (await t.get('/sitemap.xml')).body;
    assert.match(index, /<sitemap><loc>https:\/\/news\.example\/sitemaps\/pages\.xml<\/loc>/);
    assert.deepEqual(await validateSitemap(index, 'index'), { valid: true, errors: [] });
    const sitemap = async () => {
      const response = await t.get('/sitemaps/pages.xml');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/xml/);
      assert.deepEqual(await validateSitemap(response.body, 'pages'), { valid: true, errors: [] });
      return [...response.body.matchAll(/<url><loc>([^<]*)<\/loc><lastmod>([^<]*)<\/lastmod><\/url>/g)].map((m) => [m[1], m[2]]);
    };
    const listed = await sitemap(); // cached from here on: each change below must purge it
    assert.deepEqual(
      listed.map(([loc]) => loc),
      ['https://news.example/info/community-standards', 'https://news.example/info/privacy'],
    );
    const privacy = (await t.admin('GET', '/api/admin/pages')).json().items.find((p: { slug: string }) => p.slug === 'privacy');
    assert.equal(listed[1]![1], privacy.modifiedAt.replace(/\.\d{3}Z$/, 'Z'));

    // An edit that leaves the footer as it was still moves the page's lastmod.
    clock = new Date('2031-02-03T04:05:06.789Z');
    await t.admin('PUT', `/api/admin/pages/${privacy.id}`, { version: privacy.version, body: [paragraph('Privacy, revised.')] });
    clock = null;
    assert.deepEqual((await sitemap())[1], ['https://news.example/info/privacy', '2031-02-03T04:05:06Z']);
    // A draft is not listed; published, it is.
    const draft = (await t.admin('POST', '/api/admin/pages', { title: 'Jobs' })).json();
    assert.equal((await sitemap()).length, 2);
    await t.admin('POST', `/api/admin/pages/${draft.id}/publish`);
    assert.deepEqual(
      (await sitemap()).map(([loc]) => loc),
      ['https://news.example/info/community-standards', 'https://news.example/info/jobs', 'https://news.example/info/privacy'],
    );
    await t.admin('DELETE', `/api/admin/pages/${draft.id}`);
    assert.equal((await sitemap()).length, 2);
  });

  it('stores hostile titles and bodies exactly and renders them as text', async () => {
    const payloads = testdata.xss().slice(0, 60);
    for (const [i, payload] of payloads.entries()) {
      const title = `Page ${i} ${payload}`.slice(0, 200);
      const created = await t.admin('POST', '/api/admin/pages', { title, slug: `hostile-${i}`, summary: payload, body: [paragraph(payload)], publish: true });
      if (created.statusCode !== 201) {
        // Only refused for the field that cannot hold it (a title is one line of text).
        assert.equal(created.statusCode, 422, created.body);
        assert.ok(['title', 'summary'].includes(created.json().error.field), created.body);
        continue;
      }
      const api = (await t.get(`/api/content/pages/hostile-${i}`)).json();
      assert.equal(api.title, title);
      assert.equal(api.summary, payload);
      assert.equal(api.body[0].content[0].text, payload);
      const html = (await t.get(`/info/hostile-${i}`)).body;
      assert.deepEqual(activeContent(html), [], `active content for ${JSON.stringify(payload)}`);
      assert.equal(headingText(html), title, `not shown as text: ${JSON.stringify(payload)}`);
    }
    assert.deepEqual(activeContent((await t.get('/uk')).body), []);
  });
});
