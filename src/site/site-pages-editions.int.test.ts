import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
/** The labels of a page's header (sections bar) and footer menus: which edition's menus it shows. */
const menus = (html: string) => ({
  header: [.../<ul class="sections__list">(.*?)<\/ul>/s.exec(html)![1]!.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]),
  footer: [...(/<nav class="footer-menu"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? '').matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]),
});

/** The site's own pages and search, shown in the edition the reader is in: its menus, its search, cached per edition. */
describe('site pages and search in each edition', () => {
  let t: TestApp;
  let pageId: string;
  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    const page = await t.admin('POST', '/api/admin/pages', { title: 'About us', slug: 'about', body: [paragraph('Who we are.')], publish: true });
    pageId = page.json().id;
    // The US edition's menus of its own, unlike the UK's defaults.
    for (const menu of ['header', 'footer'])
      assert.equal(
        (await t.admin('PUT', '/api/admin/navigation/us', { menu, items: [{ label: `US ${menu}`, url: '/info/about' }], version: 0 })).statusCode,
        200,
      );
  });
  after(() => t.close());

  it('shows a page in the default edition at /info and in another at /{edition}/info, each with its menus, cached apart', async () => {
    const uk = await t.get('/info/about');
    assert.equal(uk.statusCode, 200);
    assert.deepEqual(menus(uk.body).header, ['News', 'World']);
    assert.doesNotMatch(uk.body, /US footer/);
    for (let i = 0; i < 2; i++) {
      // The second answer comes from the cache: still the US edition's.
      const us = await t.get('/us/info/about');
      assert.equal(us.statusCode, 200);
      assert.deepEqual(menus(us.body), { header: ['US header'], footer: ['US footer'] });
      assert.match(us.body, /<html lang="en-US"/);
      assert.match(us.body, /<link rel="canonical" href="https:\/\/news\.example\/info\/about"/);
      assert.match(us.body, /<form class="search-form" role="search" action="\/us\/search"/);
    }
    assert.deepEqual(menus((await t.get('/info/about')).body).header, ['News', 'World']);
    // The default edition's own prefix is the plain address.
    const prefixed = await t.get('/uk/info/about');
    assert.equal(prefixed.statusCode, 301);
    assert.equal(prefixed.headers.location, '/info/about');
    assert.equal((await t.get('/us/info/nowhere')).statusCode, 404);
    assert.equal((await t.get('/us/info/Not%20A%20Slug')).statusCode, 404);

    // A change purges the page in every edition.
    await t.admin('PUT', `/api/admin/pages/${pageId}`, { version: 1, body: [paragraph('Who we are, revised.')] });
    assert.match((await t.get('/us/info/about')).body, /Who we are, revised\./);
    assert.match((await t.get('/info/about')).body, /Who we are, revised\./);
    await t.admin('POST', `/api/admin/pages/${pageId}/withdraw`);
    const withdrawn = await t.get('/us/info/about');
    assert.equal(withdrawn.statusCode, 410);
    assert.deepEqual(menus(withdrawn.body), { header: ['US header'], footer: ['US footer'] }, 'still in the US edition');
    const withdrawnHere = await t.get('/info/about');
    assert.equal(withdrawnHere.statusCode, 410);
    assert.deepEqual(menus(withdrawnHere.body).header, ['News', 'World'], 'the default edition keeps its own copy');
    const missing = await t.get('/us/info/nowhere-at-all');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(menus(missing.body).header, ['US header'], 'a 404 in the reader’s edition too');
    await t.admin('POST', `/api/admin/pages/${pageId}/publish`);
    assert.equal((await t.get('/us/info/about')).statusCode, 200);
  });

  it('searches in the edition the reader is in: its menus, and its own search address for the filters and later pages', async () => {
    const us = await t.get('/us/search?q=anything');
    assert.equal(us.statusCode, 200);
    assert.deepEqual(menus(us.body), { header: ['US header'], footer: ['US footer'] });
    assert.match(us.body, /<form class="search-filters" action="\/us\/search"/);
    assert.match(us.body, /<link rel="canonical" href="https:\/\/news\.example\/us\/search"/);
    // The default edition's prefixed search is the plain one, query and all.
    const prefixed = await t.get('/uk/search?q=aid&page=2');
    assert.equal(prefixed.statusCode, 301);
    assert.equal(prefixed.headers.location, '/search?q=aid&page=2');
    const uk = await t.get('/search?q=anything');
    assert.deepEqual(menus(uk.body).header, ['News', 'World']);
    assert.match(uk.body, /<form class="search-form" role="search" action="\/search"/);
    // Filtering to an edition still works from either address, and a bad filter is still a 400.
    assert.equal((await t.get('/us/search?q=aid&edition=uk')).statusCode, 200);
    assert.equal((await t.get('/us/search?q=aid&edition=fr')).statusCode, 400);
    const robots = (await t.get('/robots.txt')).body;
    assert.match(robots, /^Disallow: \/search$/m);
    assert.match(robots, /^Disallow: \/us\/search$/m);
  });
});
