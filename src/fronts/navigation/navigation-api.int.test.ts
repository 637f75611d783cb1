import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { activeContent } from '../../../test/support/html.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { auditRows } from '../../../test/support/fronts.ts';
import { NAV_LIMITS } from '../navigation-model.ts';

type Menus = { edition: string; header: { items: unknown[]; version: number; actor: string | null }; footer: { items: unknown[]; version: number } };

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe(`navigation through the APIs and on reader pages on ${engine}`, () => {
  let t: TestApp;
  const menus = async (edition = 'uk') => (await t.admin('GET', `/api/admin/navigation/${edition}`)).json() as Menus;
  const save = (body: unknown, edition = 'uk') => t.admin('PUT', `/api/admin/navigation/${edition}`, body);

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
  });
  after(() => t.close());

  it('shows the default menus until one is saved: sections with subsections, then editions', async () => {
    const read = await menus();
    assert.equal(read.header.version, 0);
    assert.deepEqual(read.header.items, [{ label: 'News', url: '/news', children: [{ label: 'World', url: '/world' }] }]);
    assert.deepEqual(read.footer.items, [
      { label: 'UK edition', url: '/uk' },
      { label: 'US edition', url: '/us' },
    ]);
    const api = await t.get('/api/content/navigation/uk');
    assert.equal(api.statusCode, 200);
    assert.deepEqual(api.json().header, [
      { label: 'News', url: 'https://news.example/news', children: [{ label: 'World', url: 'https://news.example/world' }] },
    ]);
    assert.deepEqual(api.json().footer, [
      { label: 'UK edition', url: 'https://news.example/uk' },
      { label: 'US edition', url: 'https://news.example/us' },
    ]);
    assert.equal((await t.get('/api/content/navigation/atlantis')).statusCode, 404);

    // The default footer links the site's published pages: navigation reads them from content itself.
    const page = await t.admin('POST', '/api/admin/pages', { title: 'Corrections policy', slug: 'corrections', publish: true });
    assert.equal(page.statusCode, 201, page.body);
    assert.deepEqual((await menus()).footer.items[0], { label: 'Corrections policy', url: '/info/corrections' });
    assert.deepEqual((await t.get('/api/content/navigation/uk')).json().footer[0], {
      label: 'Corrections policy',
      url: 'https://news.example/info/corrections',
    });
    // Another edition's default footer opens the page in that edition, which answers with its menus.
    assert.deepEqual((await t.get('/api/content/navigation/us')).json().footer[0], {
      label: 'Corrections policy',
      url: 'https://news.example/us/info/corrections',
    });
    const usPage = await t.get('/us/info/corrections');
    assert.equal(usPage.statusCode, 200);
    assert.match(usPage.body, /<a href="\/us\/info\/corrections">Corrections policy<\/a>/);
    assert.equal((await t.admin('GET', '/api/admin/navigation/atlantis')).statusCode, 404);
    assert.equal((await t.get('/api/admin/navigation/uk')).statusCode, 401, 'the Admin API needs a token');
  });

  it('saves a menu whole with its version, names the token, and refuses a stale save with both menus', async () => {
    const header = [
      { label: 'World', url: '/world', children: [{ label: 'Our partners', url: 'https://partners.example/news' }] },
      { label: 'News', url: '/news' },
    ];
    const saved = await save({ menu: 'header', items: header, version: 0 });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().header.version, 1);
    assert.equal(saved.json().header.actor, 'token:tests');
    assert.deepEqual(saved.json().header.items, header);
    assert.equal(saved.json().footer.version, 0, 'the other menu is untouched');
    const logged = await auditRows(t, 'navigation');
    assert.deepEqual(
      logged.map((row) => [row.action, row.actorKind, row.actorName, row.targetId, row.details.version]),
      [['navigation.save', 'api-token', 'tests', 'uk/header', 1]],
    );
    assert.deepEqual(logged[0]!.details.items, header, 'the log keeps what was saved: menus have no other history');

    const stale = await save({ menu: 'header', items: [{ label: 'Mine', url: '/mine' }], version: 0 });
    assert.equal(stale.statusCode, 409);
    const error = stale.json().error;
    assert.match(error.message, /version 1/);
    assert.deepEqual(error.yours.items, [{ label: 'Mine', url: '/mine' }]);
    assert.deepEqual(error.theirs.items, header);
    assert.equal(error.theirs.actor, 'token:tests');
    assert.deepEqual((await menus()).header.items, header, 'nothing of the stale save was kept');
    assert.deepEqual((await t.get('/api/content/navigation/uk')).json().header, [
      { label: 'World', url: 'https://news.example/world', children: [{ label: 'Our partners', url: 'https://partners.example/news' }] },
      { label: 'News', url: 'https://news.example/news' },
    ]);
    assert.deepEqual((await menus('us')).header.version, 0, 'menus are per edition');
  });

  it('refuses each bad address, label or shape with a 400 naming the field, and keeps the saved menu', async () => {
    const before = await menus();
    const cases: [unknown[], string][] = [
      ...[
        'javascript:alert(1)',
        'JAVASCRIPT:alert(1)',
        'data:text/html,<b>x</b>',
        '//attacker.example',
        '/\\attacker.example',
        'http://plain.example',
        'mailto:x@example.org',
        'vbscript:x',
        ' /world',
        'world',
      ].map((url): [unknown[], string] => [[{ label: 'Fine', url }], 'items[0].url']),
      [
        [
          { label: 'Fine', url: '/a' },
          { label: '', url: '/b' },
        ],
        'items[1].label',
      ],
      [[{ label: 'x'.repeat(NAV_LIMITS.label + 1), url: '/a' }], 'items[0].label'],
      [[{ label: 'A', url: '/a', children: [{ label: 'B', url: 'javascript:alert(1)' }] }], 'items[0].children[0].url'],
      [[{ label: 'A', url: '/a', children: [{ label: 'B', url: '/b', children: [{ label: 'C', url: '/c' }] }] }], 'items[0].children[0].children'],
      [Array.from({ length: NAV_LIMITS.items + 1 }, (_, i) => ({ label: `I${i}`, url: `/i${i}` })), 'items'],
    ];
    for (const [items, field] of cases) {
      const refused = await save({ menu: 'header', items, version: before.header.version });
      assert.equal(refused.statusCode, 400, `${JSON.stringify(items).slice(0, 80)}: ${refused.body}`);
      assert.equal(refused.json().error.field, field);
    }
    const footerChildren = await save({ menu: 'footer', items: [{ label: 'A', url: '/a', children: [{ label: 'B', url: '/b' }] }], version: 0 });
    assert.equal(footerChildren.statusCode, 400);
    assert.equal(footerChildren.json().error.field, 'items[0].children');
    assert.equal((await save({ menu: 'sidebar', items: [], version: 0 })).statusCode, 422, 'an unknown menu is refused by the schema');
    assert.equal((await save({ menu: 'header', items: [], version: 0, extra: 1 })).statusCode, 422);
    assert.deepEqual(await menus(), before, 'nothing was half-saved');
  });

  it('answers every hostile address with a 400 naming it, or stores a plain path exactly', async () => {
    let version = (await menus('us')).footer.version;
    for (const url of [...testdata.xss().slice(0, 80), ...testdata.pathTraversal().slice(0, 20)]) {
      const response = await save({ menu: 'footer', items: [{ label: 'Link', url }], version }, 'us');
      if (response.statusCode === 200) {
        version = response.json().footer.version;
        assert.deepEqual(response.json().footer.items, [{ label: 'Link', url }]);
        assert.match(url, /^(\/(?![/\\])|https:\/\/)/i);
        assert.deepEqual(activeContent((await t.get('/us')).body), [], url);
      } else {
        assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
        assert.ok(['items[0].url', undefined].includes(response.json().error.field), url);
      }
    }
  });

  it('stores hostile labels exactly and the reader pages show them as text', async () => {
    const hostile = [...testdata.xss(), ...testdata.naughty()].filter((s) => s.length <= NAV_LIMITS.label);
    let version = (await menus()).footer.version;
    let shown = 0;
    for (let start = 0; start < hostile.length && start < 160; start += NAV_LIMITS.items) {
      const chunk = hostile.slice(start, start + NAV_LIMITS.items);
      const items = chunk.map((label, i) => ({ label, url: `/x${i}` }));
      const response = await save({ menu: 'footer', items, version });
      if (response.statusCode === 400) {
        // Some naughty strings are refused (control characters, invisible text): each alone must be.
        for (const label of chunk) {
          const one = await save({ menu: 'footer', items: [{ label, url: '/x' }], version });
          if (one.statusCode === 200) version = one.json().footer.version;
          else assert.equal(one.json().error.field, 'items[0].label', JSON.stringify(label));
        }
        continue;
      }
      assert.equal(response.statusCode, 200, response.body);
      version = response.json().footer.version;
      assert.deepEqual(
        response.json().footer.items.map((i: { label: string }) => i.label),
        chunk,
        'stored exactly',
      );
      const page = (await t.get('/world')).body;
      assert.deepEqual(activeContent(page), [], 'no hostile label became markup');
      for (const label of chunk) if (!/[&<>]/.test(label) || page.includes(escaped(label))) shown++;
    }
    assert.ok(shown > 0);
  });

  it('is documented in the OpenAPI document under its own tags', async () => {
    const doc = (await t.get('/api/openapi.json')).json();
    assert.deepEqual(doc.paths['/api/content/navigation/{edition}'].get.tags, ['Content: navigation']);
    assert.match(doc.paths['/api/content/navigation/{edition}'].get.description, /absolute address/);
    assert.deepEqual(doc.paths['/api/admin/navigation/{edition}'].get.tags, ['Admin: navigation']);
    assert.ok(doc.paths['/api/admin/navigation/{edition}'].put.requestBody);
    assert.ok(doc.paths['/api/admin/navigation/{edition}'].put.responses['409']);
  });

  it('reader pages show the saved menus at once, with the page cache on', async () => {
    const front = (await t.get('/uk')).body;
    assert.match(front, /Our partners/);
    assert.match(front, /<details class="sections__more">/);
    assert.ok(t.app.pageCache.get('front:uk:1'), 'the front is cached');
    const read = await menus();
    const renamed = await save({
      menu: 'header',
      items: [{ label: 'Elsewhere today', url: '/world', children: [{ label: 'Trade desk', url: '/news' }] }],
      version: read.header.version,
    });
    assert.equal(renamed.statusCode, 200);
    const footer = await save({ menu: 'footer', items: [{ label: 'About this site', url: '/info/about' }], version: read.footer.version });
    assert.equal(footer.statusCode, 200);
    for (const url of ['/uk', '/world']) {
      const page = (await t.get(url)).body;
      assert.match(page, /Elsewhere today/, url);
      assert.match(page, /Trade desk/, url);
      assert.doesNotMatch(page, /Our partners/, url);
      assert.match(page, /<a href="\/info\/about">About this site<\/a>/, url);
    }
    assert.doesNotMatch((await t.get('/us')).body, /Elsewhere today/, 'the other edition keeps its own menu');
  });
});
