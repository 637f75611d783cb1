import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, validArticle, type TestApp } from '../../../test/support/app.ts';

describe('Admin API: authors, sections and topics', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('creates, reads, lists, updates and deletes an author', async () => {
    const created = await t.admin('POST', '/api/admin/authors', { name: 'Zoë Ångström', title: 'Science editor', bio: 'Two lines\nof bio.' });
    assert.equal(created.statusCode, 201, created.body);
    const author = created.json();
    assert.equal(author.slug, 'zoe-angstroem');
    assert.equal(author.url, 'https://news.example/author/zoe-angstroem');
    assert.equal((await t.admin('GET', `/api/admin/authors/${author.slug}`)).json().id, author.id);
    assert.equal((await t.admin('GET', `/api/admin/authors/${author.id}`)).json().slug, author.slug);
    assert.ok((await t.admin('GET', '/api/admin/authors')).json().items.some((a: { id: string }) => a.id === author.id));
    const updated = await t.admin('PATCH', `/api/admin/authors/${author.id}`, { version: 1, title: 'Science and health editor' });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().title, 'Science and health editor');
    assert.equal(updated.json().version, 2);
    assert.equal((await t.admin('PATCH', `/api/admin/authors/${author.id}`, { version: 1, title: 'Stale' })).statusCode, 409);
    const publicView = (await t.get(`/api/content/authors/${author.slug}`)).json();
    assert.equal(publicView.bio, 'Two lines\nof bio.');
    assert.equal(publicView.version, undefined, 'the public view has no editing fields');
    assert.equal((await t.admin('DELETE', `/api/admin/authors/${author.id}`)).statusCode, 204);
    assert.equal((await t.admin('GET', `/api/admin/authors/${author.id}`)).statusCode, 404);
    assert.equal((await t.get(`/api/content/authors/${author.slug}`)).statusCode, 404);
  });

  it('builds a section tree and keeps it a tree', async () => {
    for (const [name, parent] of [
      ['News', null],
      ['World', 'news'],
      ['Americas', 'world'],
      ['US politics', 'americas'],
    ] as const) {
      const response = await t.admin('POST', '/api/admin/sections', { name, parent });
      assert.equal(response.statusCode, 201, response.body);
    }
    const sections = (await t.get('/api/content/sections')).json().items;
    assert.deepEqual(sections.map((s: { slug: string; parent: string | null }) => [s.slug, s.parent]).sort(), [
      ['americas', 'world'],
      ['news', null],
      ['us-politics', 'americas'],
      ['world', 'news'],
    ]);
    const news = (await t.admin('GET', '/api/admin/sections/news')).json();
    const cycle = await t.admin('PATCH', '/api/admin/sections/news', { version: news.version, parent: 'us-politics' });
    assert.equal(cycle.statusCode, 422);
    assert.equal(cycle.json().error.field, 'parent');
    assert.equal((await t.admin('PATCH', '/api/admin/sections/news', { version: news.version, parent: 'news' })).statusCode, 422);
    // A section with children cannot be deleted; a leaf with no articles can.
    assert.equal((await t.admin('DELETE', '/api/admin/sections/americas')).statusCode, 409);
    const moved = await t.admin('PATCH', '/api/admin/sections/us-politics', { version: 1, parent: 'world' });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().parent, 'world');
    assert.equal((await t.admin('DELETE', '/api/admin/sections/americas')).statusCode, 204);
  });

  it('lists articles of a section together with those of the sections under it', async () => {
    await t.admin('POST', '/api/admin/authors', { name: 'Sam Writer' });
    await t.admin('POST', '/api/admin/topics', { name: 'Elections' });
    const inChild = (
      await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({ headline: 'Child story', section: 'us-politics', authors: ['sam-writer'], topics: ['elections'], status: 'published', edition: 'us' }),
      )
    ).json();
    const inParent = (
      await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({ headline: 'Parent story', section: 'news', authors: ['sam-writer'], topics: [], status: 'published', edition: 'uk' }),
      )
    ).json();
    const slugs = (url: string) =>
      t.get(url).then((r) =>
        r
          .json()
          .items.map((a: { slug: string }) => a.slug)
          .sort(),
      );
    assert.deepEqual(await slugs('/api/content/articles?section=news'), [inChild.slug, inParent.slug].sort());
    assert.deepEqual(await slugs('/api/content/articles?section=world'), [inChild.slug]);
    assert.deepEqual(await slugs('/api/content/articles?topic=elections'), [inChild.slug]);
    assert.deepEqual(await slugs('/api/content/articles?author=sam-writer'), [inChild.slug, inParent.slug].sort());
    assert.deepEqual(await slugs('/api/content/articles?edition=us'), [inChild.slug]);
    assert.deepEqual(await slugs('/api/content/articles?edition=uk'), [inParent.slug]);
    const article = (await t.get(`/api/content/articles/${inChild.slug}`)).json();
    assert.deepEqual(
      article.section.path.map((s: { slug: string }) => s.slug),
      ['news', 'world', 'us-politics'],
    );
    // Taxonomy in use cannot be deleted out from under an article.
    assert.equal((await t.admin('DELETE', '/api/admin/authors/sam-writer')).statusCode, 409);
    assert.equal((await t.admin('DELETE', '/api/admin/topics/elections')).statusCode, 409);
    assert.equal((await t.admin('DELETE', '/api/admin/sections/news')).statusCode, 409);
  });

  it('creates, updates and deletes topics, and refuses a duplicate slug', async () => {
    const topic = (await t.admin('POST', '/api/admin/topics', { name: 'Energy', description: 'Power and fuel.' })).json();
    assert.equal(topic.slug, 'energy');
    assert.equal(topic.url, 'https://news.example/topic/energy');
    assert.equal((await t.admin('POST', '/api/admin/topics', { name: 'Power', slug: 'energy' })).statusCode, 409);
    const renamed = await t.admin('PATCH', '/api/admin/topics/energy', { version: 1, name: 'Energy and power', slug: 'energy-and-power' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.equal(renamed.json().slug, 'energy-and-power');
    assert.equal((await t.get('/api/content/topics/energy-and-power')).json().name, 'Energy and power');
    assert.equal((await t.admin('DELETE', '/api/admin/topics/energy-and-power')).statusCode, 204);
  });

  it('lists sections and topics for the newsroom, and the edition front shows the latest', async () => {
    const sections = (await t.admin('GET', '/api/admin/sections')).json().items;
    assert.ok(sections.some((s: { slug: string; version: number }) => s.slug === 'news' && s.version >= 1));
    const topics = (await t.admin('GET', '/api/admin/topics')).json().items;
    assert.ok(topics.some((topic: { slug: string }) => topic.slug === 'elections'));
    assert.equal((await t.admin('GET', '/api/admin/topics/elections')).json().name, 'Elections');
    assert.equal((await t.get('/')).statusCode, 302);
    const front = await t.get('/us');
    assert.equal(front.statusCode, 200);
    assert.match(front.headers['content-type'] as string, /text\/html/);
    assert.match(front.body, /Child story/);
  });

  it('lists the editions with their zones', async () => {
    const editions = (await t.get('/api/content/editions')).json().items;
    assert.deepEqual(
      editions.map((e: { code: string; timeZone: string }) => [e.code, e.timeZone]),
      [
        ['uk', 'Europe/London'],
        ['us', 'America/New_York'],
      ],
    );
  });
});
