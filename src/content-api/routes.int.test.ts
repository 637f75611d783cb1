import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';

describe('Content API', () => {
  let t: TestApp;
  const published: { id: string; slug: string }[] = [];
  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    for (let i = 1; i <= 7; i++) {
      const hour = String(i).padStart(2, '0');
      const response = await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({ headline: `Story number ${i}`, status: 'published', publishedAt: `2026-01-01T${hour}:00:00Z` }),
      );
      published.push(response.json());
    }
    await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Still a draft' }));
  });
  after(() => t.close());

  it('lists published articles newest first, with cursor pages that meet exactly', async () => {
    const first = await t.get('/api/content/articles?limit=3');
    assert.equal(first.statusCode, 200);
    assert.match(first.headers['cache-control'] as string, /public/);
    const page1 = first.json();
    assert.deepEqual(
      page1.items.map((a: { headline: string }) => a.headline),
      ['Story number 7', 'Story number 6', 'Story number 5'],
    );
    const page2 = (await t.get(`/api/content/articles?limit=3&cursor=${page1.nextCursor}`)).json();
    const page3 = (await t.get(`/api/content/articles?limit=3&cursor=${page2.nextCursor}`)).json();
    assert.deepEqual(
      page2.items.map((a: { headline: string }) => a.headline),
      ['Story number 4', 'Story number 3', 'Story number 2'],
    );
    assert.deepEqual(
      page3.items.map((a: { headline: string }) => a.headline),
      ['Story number 1'],
    );
    assert.equal(page3.nextCursor, null);
    assert.ok(page1.items.every((a: { body?: unknown; url: string }) => a.body === undefined && a.url.startsWith('https://news.example/world/')));
  });

  it('serves one article with everything a page needs', async () => {
    const article = (await t.get(`/api/content/articles/${published[0]!.slug}`)).json();
    assert.equal(article.headline, 'Story number 1');
    assert.deepEqual(article.authors, [
      { slug: 'ada-reporter', name: 'Ada Reporter', title: 'Staff reporter', url: 'https://news.example/author/ada-reporter' },
    ]);
    assert.deepEqual(article.topics, [{ slug: 'diplomacy', name: 'Diplomacy', url: 'https://news.example/topic/diplomacy' }]);
    assert.equal(article.section.slug, 'world');
    assert.equal(article.publishedAt, '2026-01-01T01:00:00.000Z');
    assert.equal(article.status, undefined, 'no editing fields in public output');
    assert.equal(article.version, undefined);
    assert.ok(Array.isArray(article.body));
  });

  it('hides a related link to an article that is not live', async () => {
    const draft = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Hidden target' }))).json();
    const linking = (
      await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({
          headline: 'Links to a draft and a live story',
          bodyMarkdown: undefined,
          body: [
            { type: 'related', articleId: draft.id },
            { type: 'related', articleId: published[0]!.id },
          ],
          status: 'published',
        }),
      )
    ).json();
    const body = (await t.get(`/api/content/articles/${linking.slug}`)).json().body;
    assert.equal(body.length, 1);
    assert.equal(body[0].article.headline, 'Story number 1');
    assert.equal(body[0].article.url, `https://news.example/world/${published[0]!.slug}`);
  });

  it('answers 404 for drafts and unknown slugs, 400 for bad parameters', async () => {
    assert.equal((await t.get('/api/content/articles/still-a-draft')).statusCode, 404);
    assert.equal((await t.get('/api/content/articles/no-such-thing')).statusCode, 404);
    assert.equal((await t.get('/api/content/articles?limit=0')).statusCode, 400);
    assert.equal((await t.get('/api/content/articles?limit=1000')).statusCode, 400);
    assert.equal((await t.get('/api/content/articles?section=Not%20A%20Slug')).statusCode, 400);
    assert.equal((await t.get('/api/content/articles?colour=red')).statusCode, 400);
    assert.equal((await t.get('/api/content/articles?cursor=%27%3B%20drop%20table%20articles')).statusCode, 400);
    assert.equal((await t.get('/api/content/articles?section=nonexistent')).json().items.length, 0);
  });

  it('is read-only: writes are not routes', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/content/articles', payload: {} });
    assert.equal(response.statusCode, 404);
  });

  it('publishes an OpenAPI document of both APIs from the route schemas', async () => {
    const response = await t.get('/api/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc = response.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const route of [
      '/api/admin/articles',
      '/api/admin/articles/{id}',
      '/api/admin/articles/{id}/publish',
      '/api/admin/images',
      '/api/admin/authors',
      '/api/admin/sections',
      '/api/admin/topics',
      '/api/content/articles',
      '/api/content/articles/{slug}',
      '/api/content/editions',
    ]) {
      assert.ok(doc.paths[route], `${route} is documented`);
    }
    const create = doc.paths['/api/admin/articles'].post;
    assert.ok(create.requestBody.content['application/json'].schema.properties.headline);
    assert.deepEqual(create.security, [{ bearerAuth: [] }]);
    assert.ok(create.responses['422'] && create.responses['409'] && create.responses['201']);
    assert.ok(doc.components.securitySchemes.bearerAuth);
  });

  it('reports health', async () => {
    const response = await t.get('/healthz');
    assert.equal(response.statusCode, 200);
    assert.equal(response.json().status, 'ok');
  });
});

describe('when the database stops answering', () => {
  it('answers 503, not 500, and health says so', async () => {
    const t = await createTestApp();
    try {
      await t.db.database.close();
      const health = await t.get('/healthz');
      assert.equal(health.statusCode, 503);
      const read = await t.get('/api/content/articles');
      assert.equal(read.statusCode, 503, read.body);
      assert.equal(read.json().error.code, 'unavailable');
    } finally {
      await t.app.close();
      await t.db.dispose().catch(() => {});
    }
  });
});
