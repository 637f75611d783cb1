import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
const pageCount = async (t: TestApp) => {
  const result = (await t.db.database.db.execute(
    sql`select (select count(*)::int from pages) + (select count(*)::int from page_revisions) as n`,
  )) as unknown as {
    rows: { n: number }[];
  };
  return Number(result.rows[0]!.n);
};

describe('Admin API and Content API: the site’s own pages', () => {
  let t: TestApp;
  // The service's clock, not the machine's: every time a page records comes from it.
  let clock = new Date('2031-05-06T07:08:09.000Z');
  before(async () => {
    t = await createTestApp({ now: () => clock, env: { SURROGATE_KEYS: 'on' } });
  });
  after(() => t.close());

  it('creates a draft, saves with a version, publishes, withdraws, and keeps a revision for each', async () => {
    const created = await t.admin('POST', '/api/admin/pages', { title: 'About us', summary: 'Who we are.', body: [paragraph('We write the news.')] });
    assert.equal(created.statusCode, 201, created.body);
    const page = created.json();
    assert.equal(page.slug, 'about-us');
    assert.equal(page.url, 'https://news.example/info/about-us');
    assert.equal(page.state, 'draft');
    assert.equal(page.reserved, false);
    assert.equal((await t.get('/api/content/pages/about-us')).statusCode, 404);
    assert.equal((await t.get('/info/about-us')).statusCode, 404);

    const saved = await t.admin('PUT', `/api/admin/pages/${page.id}`, { version: 1, title: 'About Masthead', body: [paragraph('We write the news, daily.')] });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, 2);
    assert.equal(saved.json().slug, 'about-us');

    // A stale save is refused, naming both versions, and changes nothing.
    const stale = await t.admin('PUT', `/api/admin/pages/${page.id}`, { version: 1, title: 'Lost edit' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().error.message, /version 1, the current version is 2/);
    assert.equal(stale.json().error.currentVersion, 2);
    assert.deepEqual(stale.json().error.yours, { version: 1, title: 'Lost edit' });
    assert.equal(stale.json().error.theirs.version, 2);
    assert.equal(stale.json().error.theirs.title, 'About Masthead');
    assert.equal(stale.json().error.theirs.url, 'https://news.example/info/about-us');
    // A version beyond what the database can hold is a 422 naming it, never a 500.
    const huge = await t.admin('PUT', `/api/admin/pages/${page.id}`, { version: 2 ** 31, title: 'Too far' });
    assert.equal(huge.statusCode, 422, huge.body);
    assert.equal(huge.json().error.field, 'version');

    const published = await t.admin('POST', `/api/admin/pages/${page.id}/publish`, { version: 2 });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().state, 'published');
    const api = await t.get('/api/content/pages/about-us');
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().title, 'About Masthead');
    assert.deepEqual(api.json().body, [paragraph('We write the news, daily.')]);
    assert.deepEqual(
      (await t.get('/api/content/pages')).json().items.map((p: { slug: string }) => p.slug),
      ['about-us'],
    );
    const html = await t.get('/info/about-us');
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /<h1[^>]*>About Masthead<\/h1>/);
    assert.match(html.body, /We write the news, daily\./);
    assert.match(html.headers['surrogate-key'] as string, new RegExp(`page:${page.id}`));

    const withdrawn = await t.admin('POST', `/api/admin/pages/${page.id}/withdraw`);
    assert.equal(withdrawn.json().state, 'withdrawn');
    assert.equal((await t.get('/info/about-us')).statusCode, 410);
    const gone = await t.get('/api/content/pages/about-us');
    assert.equal(gone.statusCode, 410);
    // Only that it is gone: the page's internal id is not for readers.
    assert.deepEqual(Object.keys(gone.json().error).sort(), ['code', 'message']);
    assert.doesNotMatch(gone.body, new RegExp(page.id));
    assert.deepEqual((await t.get('/api/content/pages')).json().items, []);

    const read = (await t.admin('GET', `/api/admin/pages/${page.id}`)).json();
    assert.deepEqual(
      read.revisions.map((r: { version: number; action: string; actor: string }) => [r.version, r.action, r.actor]),
      [
        [4, 'withdraw', 'token:tests'],
        [3, 'publish', 'token:tests'],
        [2, 'update', 'token:tests'],
        [1, 'create', 'token:tests'],
      ],
    );
    const first = await t.admin('GET', `/api/admin/pages/${page.id}/revisions/1`);
    assert.equal(first.json().snapshot.title, 'About us');
    assert.equal((await t.admin('GET', `/api/admin/pages/${page.id}/revisions/9`)).statusCode, 404);

    // Published again: back at its address.
    await t.admin('POST', `/api/admin/pages/${page.id}/publish`);
    assert.equal((await t.get('/info/about-us')).statusCode, 200);
  });

  it('restores a revision as a new version, noting which, and refuses a stale version with both sides', async () => {
    const page = (await t.admin('POST', '/api/admin/pages', { title: 'Corrections', summary: 'How we fix errors.', body: [paragraph('First text.')] })).json();
    clock = new Date('2031-05-07T00:00:00.000Z');
    const saved = await t.admin('PUT', `/api/admin/pages/${page.id}`, { version: 1, title: 'Corrections policy', body: [paragraph('Second text.')] });
    assert.equal(saved.json().modifiedAt, '2031-05-07T00:00:00.000Z');

    clock = new Date('2031-05-08T00:00:00.000Z');
    const restored = await t.admin('POST', `/api/admin/pages/${page.id}/revisions/1/restore`, { version: 2 });
    assert.equal(restored.statusCode, 200, restored.body);
    const back = restored.json();
    assert.equal(back.version, 3);
    assert.equal(back.title, 'Corrections');
    assert.deepEqual(back.body, [paragraph('First text.')]);
    assert.equal(back.summary, 'How we fix errors.');
    assert.equal(back.slug, 'corrections');
    assert.equal(back.modifiedAt, '2031-05-08T00:00:00.000Z');
    const read = (await t.admin('GET', `/api/admin/pages/${page.id}`)).json();
    assert.deepEqual(
      read.revisions.map((r: { version: number; action: string; createdAt: string }) => [r.version, r.action, r.createdAt]),
      [
        [3, 'restored from revision 1', '2031-05-08T00:00:00.000Z'],
        [2, 'update', '2031-05-07T00:00:00.000Z'],
        [1, 'create', '2031-05-06T07:08:09.000Z'],
      ],
    );

    // A stale version changes nothing and carries both sides.
    const stale = await t.admin('POST', `/api/admin/pages/${page.id}/revisions/2/restore`, { version: 2 });
    assert.equal(stale.statusCode, 409, stale.body);
    assert.equal(stale.json().error.field, 'version');
    assert.equal(stale.json().error.currentVersion, 3);
    assert.deepEqual(stale.json().error.yours, { version: 2, title: 'Corrections policy', body: [paragraph('Second text.')] });
    assert.equal(stale.json().error.theirs.version, 3);
    assert.equal(stale.json().error.theirs.title, 'Corrections');
    // An unknown revision or page is a 404; a missing version a 422 naming it.
    assert.equal((await t.admin('POST', `/api/admin/pages/${page.id}/revisions/9/restore`, { version: 3 })).statusCode, 404);
    assert.equal((await t.admin('POST', '/api/admin/pages/00000000-0000-4000-8000-000000000000/revisions/1/restore', { version: 1 })).statusCode, 404);
    const missing = await t.admin('POST', `/api/admin/pages/${page.id}/revisions/1/restore`, {});
    assert.equal(missing.statusCode, 422);
    assert.match(missing.json().error.message, /version/);
    assert.equal((await t.admin('GET', `/api/admin/pages/${page.id}`)).json().version, 3);
  });

  it('fixes the slugs of the privacy and community standards pages and refuses to delete them', async () => {
    const privacy = (await t.admin('POST', '/api/admin/pages', { title: 'Privacy notice', slug: 'privacy', publish: true })).json();
    assert.equal(privacy.reserved, true);
    const renamed = await t.admin('PUT', `/api/admin/pages/${privacy.id}`, { version: privacy.version, slug: 'privacy-notice' });
    assert.equal(renamed.statusCode, 409);
    assert.equal(renamed.json().error.field, 'slug');
    assert.equal((await t.admin('DELETE', `/api/admin/pages/${privacy.id}`)).statusCode, 409);
    const edited = await t.admin('PUT', `/api/admin/pages/${privacy.id}`, { version: privacy.version, title: 'How we use your data' });
    assert.equal(edited.statusCode, 200);
    // Another page may be deleted.
    const other = (await t.admin('POST', '/api/admin/pages', { title: 'Old notice' })).json();
    assert.equal((await t.admin('DELETE', `/api/admin/pages/${other.id}`)).statusCode, 204);
    assert.equal((await t.admin('GET', `/api/admin/pages/${other.id}`)).statusCode, 404);
  });

  it('refuses bad slugs, taken slugs, unknown fields, bad blocks and unsafe links, leaving nothing behind', async () => {
    const before = await pageCount(t);
    const cases: [unknown, number][] = [
      [{ title: 'Bad', slug: 'Not A Slug' }, 422],
      [{ title: 'Bad', slug: '../etc' }, 422],
      [{ title: 'Taken', slug: 'privacy' }, 409],
      [{ title: 'Extra', colour: 'red' }, 422],
      [{ title: '' }, 422],
      [{ title: 'Script', body: [{ type: 'script', text: 'x' }] }, 422],
      [{ title: 'Link', body: [{ type: 'paragraph', content: [{ text: 'x', href: 'javascript:alert(1)' }] }] }, 422],
      [{ title: 'Related', body: [{ type: 'related', articleId: '00000000-0000-4000-8000-000000000000' }] }, 422],
      [{ title: 'Image', body: [{ type: 'image', imageId: '00000000-0000-4000-8000-000000000000' }] }, 422],
    ];
    for (const [body, status] of cases) {
      const response = await t.admin('POST', '/api/admin/pages', body);
      assert.equal(response.statusCode, status, `${JSON.stringify(body)}: ${response.body}`);
    }
    assert.equal(await pageCount(t), before);
    assert.equal((await t.get('/info/Not-A-Slug')).statusCode, 404);
    assert.equal((await t.get('/info/never-was')).statusCode, 404);
  });

  it('is documented in OpenAPI under its own tags', async () => {
    const doc = (await t.get('/api/openapi.json')).json();
    for (const [route, method, tag] of [
      ['/api/admin/pages', 'post', 'Admin: pages'],
      ['/api/admin/pages/{id}', 'put', 'Admin: pages'],
      ['/api/admin/pages/{id}/publish', 'post', 'Admin: pages'],
      ['/api/admin/pages/{id}/withdraw', 'post', 'Admin: pages'],
      ['/api/admin/pages/{id}/revisions/{version}', 'get', 'Admin: pages'],
      ['/api/admin/pages/{id}/revisions/{version}/restore', 'post', 'Admin: pages'],
      ['/api/content/pages', 'get', 'Content: pages'],
      ['/api/content/pages/{slug}', 'get', 'Content: pages'],
    ] as const) {
      assert.deepEqual(doc.paths[route]?.[method]?.tags, [tag], `${method} ${route}`);
    }
    assert.ok(doc.paths['/api/admin/pages/{id}'].put.responses['409']);
    assert.ok(doc.paths['/api/admin/pages/{id}/revisions/{version}/restore'].post.responses['409']);
    assert.ok(doc.paths['/api/content/pages/{slug}'].get.responses['410']);
    assert.equal(Object.keys(doc.paths).filter((p) => p.startsWith('/newsroom/api/pages')).length, 0);
  });

  it('needs a token', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/admin/pages' });
    assert.equal(response.statusCode, 401);
  });
});
