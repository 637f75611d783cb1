import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { isEmpty, seedDemo } from './seed.ts';
import { DEMO_ARTICLES } from './articles.ts';
import { liveBlogs } from '../content/index.ts';
import { DEMO_LIVE_BLOGS } from './live/seed.ts';

describe('the demo edition', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    assert.equal(await isEmpty(t.db.database), true);
    await seedDemo(t.db.database, t.storage);
  });
  after(() => t.close());

  it('publishes at least 16 articles across 4 sections and both editions', async () => {
    const items = (await t.get('/api/content/articles?limit=100')).json().items;
    assert.equal(items.length, DEMO_ARTICLES.length);
    assert.ok(items.length >= 16);
    const sections = new Set(items.map((a: { section: { slug: string } }) => a.section.slug));
    assert.ok(sections.size >= 4, [...sections].join());
    for (const edition of ['uk', 'us']) {
      assert.ok((await t.get(`/api/content/articles?edition=${edition}&limit=100`)).json().items.length >= 6, edition);
    }
    assert.equal(await isEmpty(t.db.database), false);
  });

  it('has a discussion under the housing story: threads, a reply, recommendations, counts on its card', async () => {
    const housing = (await t.get('/api/content/articles?limit=100')).json().items.find((a: { slug: string }) => a.slug.startsWith('councils-told-to-publish'));
    const page = await t.get(new URL(housing.url).pathname);
    assert.match(page.body, /Comments <span class="comments__count">\(5\)<\/span>/);
    assert.match(page.body, /Ruth in Leeds/);
    assert.match(page.body, /class="comment__replies"/);
    assert.match(page.body, /14 recommended/);
    assert.match((await t.get('/uk')).body, /#comments">5 comments/);
  });

  it('has curated, published fronts for both editions: a lead, a breaking strip kept empty, top stories, opinion, a row per section', async () => {
    const fronts = (await t.admin('GET', '/api/admin/fronts')).json().items;
    for (const edition of ['uk', 'us']) {
      const listed = fronts.find((f: { scope: { edition?: string } }) => f.scope.edition === edition);
      assert.equal(listed.publishedNumber, 1, edition);
      const front = (await t.admin('GET', `/api/admin/fronts/${listed.id}`)).json();
      const containers = front.published.layout.containers;
      assert.deepEqual(
        containers.slice(0, 4).map((c: { id: string; cards: unknown[] }) => [c.id, c.cards.length > 0]),
        [
          ['breaking', false],
          ['lead', true],
          ['top-stories', true],
          ['opinion', true],
        ],
      );
      assert.deepEqual(
        containers.slice(4).map((c: { title: string; mode: string }) => [c.title, c.mode]),
        ['News', 'Business', 'Climate', 'Culture'].map((name) => [name, 'automatic']),
      );
      // Readers see every container but the breaking strip (empty until news breaks), none empty.
      const shown = (await t.get(`/api/content/fronts/${edition}`)).json().containers;
      assert.deepEqual(
        shown.map((c: { title: string; stories: unknown[] }) => [c.title, c.stories.length > 0]),
        ['Top story', 'Top stories', 'Analysis and opinion', 'News', 'Business', 'Climate', 'Culture'].map((title) => [title, true]),
        edition,
      );
    }
  });

  it('asks readers for support at the end of articles, and thanks supporters instead', async () => {
    const article = (await t.get('/api/content/articles?limit=1')).json().items[0];
    const ask = (supporter: boolean) =>
      t.app.inject({
        method: 'POST',
        url: '/api/ask',
        payload: {
          slot: 'epic',
          browserId: 'demo-browser-1',
          edition: 'uk',
          articleId: article.id,
          device: 'desktop',
          reads: [Date.now()],
          views: {},
          closed: {},
          supporter,
        },
      });
    const asked = await ask(false);
    assert.equal(asked.statusCode, 200, asked.body);
    assert.match(asked.json().ask.heading, /Free to read|Paid for by readers/);
    assert.equal(asked.json().ask.currency, 'GBP');
    assert.equal((await ask(true)).json().ask.heading, 'Thank you for supporting us');
    assert.match((await t.get(new URL(article.url).pathname)).body, /data-island="support-ask"/);
  });

  it('has 5 authors with photos and bios, 6 topics, and a section tree', async () => {
    const authors = (await t.get('/api/content/authors')).json().items;
    assert.equal(authors.length, 5);
    assert.ok(authors.every((a: { bio: string; photo: { src: string } | null }) => a.bio && a.photo?.src));
    assert.equal((await t.get('/api/content/topics')).json().items.length, 6);
    const usPolitics = (await t.get('/api/content/sections/us-politics')).json();
    assert.equal(usPolitics.parent, 'americas');
  });

  it('gives every article a hero image with alt text, caption and credit', async () => {
    for (const summary of (await t.get('/api/content/articles?limit=100')).json().items) {
      assert.ok(summary.hero?.alt && summary.hero.caption && summary.hero.credit, summary.slug);
      assert.ok(summary.hero.srcset.webp && summary.hero.srcset.jpeg, summary.slug);
      assert.equal(summary.authors.length > 0, true);
    }
  });

  it('links related stories and carries a correction and an update', async () => {
    const items = (await t.get('/api/content/articles?limit=100')).json().items;
    let related = 0;
    for (const summary of items) {
      const article = (await t.get(`/api/content/articles/${summary.slug}`)).json();
      related += article.body.filter((b: { type: string; article?: { url: string } }) => b.type === 'related' && b.article?.url).length;
    }
    assert.ok(related >= 3, `related links: ${related}`);
    const kinds = items.flatMap((a: { corrections: { kind: string }[] }) => a.corrections.map((c) => c.kind)).sort();
    assert.deepEqual(kinds, ['correction', 'correction', 'update']);
    const corrected = items.find((a: { corrections: unknown[]; updatedAt: string | null }) => a.corrections.length);
    assert.ok(corrected.updatedAt);
  });

  it('publishes its own pages, linked from the footer and the forms', async () => {
    const slugs = (await t.get('/api/content/pages')).json().items.map((p: { slug: string }) => p.slug);
    assert.deepEqual(slugs.sort(), ['about', 'community-standards', 'contact', 'corrections', 'privacy', 'terms']);
    const privacy = await t.get('/info/privacy');
    assert.equal(privacy.statusCode, 200);
    assert.match(privacy.body, /<h1 class="article__headline">Privacy notice<\/h1>/);
    const contact = (await t.get('/api/content/pages/contact')).json();
    assert.ok(JSON.stringify(contact.body).includes('"href":"/info/corrections"'), JSON.stringify(contact.body));
    // `npm start` seeds before the app starts; this app read its directory before the seed, so a
    // site-wide change (a new topic) makes it read it again.
    assert.equal((await t.admin('POST', '/api/admin/topics', { name: 'Footer check' })).statusCode, 201);
    const front = (await t.get('/uk')).body;
    for (const slug of slugs) assert.match(front, new RegExp(`<footer.*<a href="/info/${slug}">`, 's'));
    assert.match((await t.get('/account/register')).body, /href="https:\/\/news\.example\/info\/privacy"/);
  });

  it('has two live blogs on the fronts: the election night closed (entries by several writers, key events, a pinned summary), the storm open', async () => {
    const items = (await t.get('/api/content/articles?limit=100')).json().items;
    const db = t.db.database.db;
    const [election, storm] = DEMO_LIVE_BLOGS.map((blog) => items.find((a: { headline: string }) => a.headline === blog.article.headline));
    const closed = await liveBlogs.getBlog(db, election.id);
    assert.equal(closed.state, 'closed');
    assert.ok(closed.coverageEndedAt && closed.coverageStartedAt && closed.coverageEndedAt > closed.coverageStartedAt);
    assert.equal(closed.lastPosition, 30);
    assert.ok((await liveBlogs.keyEvents(db, election.id)).length >= 3);
    assert.equal((await liveBlogs.pinnedEntry(db, election.id))?.title, 'The result in short');
    const writers = new Set((await liveBlogs.latestPublished(db, election.id, 30)).flatMap((e) => e.writers.map((w) => w.slug)));
    assert.ok(writers.size >= 3, [...writers].join());
    assert.equal(election.corrections.length, 1);
    const open = await liveBlogs.getBlog(db, storm.id);
    assert.equal(open.state, 'open');
    assert.equal(open.lastPosition, 12);
    assert.ok((await liveBlogs.keyEvents(db, storm.id)).length >= 2);
    for (const [edition, article] of [
      ['uk', storm],
      ['us', storm],
      ['uk', election],
      ['us', election],
    ]) {
      const front = (await t.get(`/api/content/fronts/${edition}`)).json();
      const ids = front.containers.flatMap((c: { stories: { id: string }[] }) => c.stories.map((s) => s.id));
      assert.ok(ids.includes(article.id), `${edition} front shows ${article.headline}`);
    }
  });
});
