import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { validArticle, type TestApp } from '../../../test/support/app.ts';
import { publishFrontForTest } from '../../../test/support/fronts.ts';
import { countQueries } from '../../../test/support/query-count.ts';
import { testdata } from '../../../test/support/testdata.ts';
import type { Container, FrontLayout } from '../../fronts/index.ts';
import { openReaderSite, type ReaderSite } from '../reader-site.fixtures.ts';

/** Fronts as readers see them: the published layout, overrides, purges, the fill, the cost of a front. */
describe('reader site: fronts', () => {
  let t: TestApp;
  let story: ReaderSite['story'];
  let other: ReaderSite['other'];
  let html: ReaderSite['html'];
  let newsId: string;
  const hostile = '<script>alert("front")</script><img src=x onerror=alert(1)>';

  before(async () => {
    ({ t, story, other, html } = await openReaderSite(() => new Date()));
    const found = (await t.app.ctx.database.db.execute(sql`select id from sections where slug = 'news'`)) as unknown as { rows: { id: string }[] };
    newsId = found.rows[0]!.id;
  });
  after(() => t.close());

  const curated = (id: string, layout: Container['layout'], cards: Container['cards'], extra: Partial<Container> = {}): Container => ({
    id,
    title: id,
    layout,
    mode: 'curated',
    size: cards.length || 1,
    cards,
    ...extra,
  });
  const publish = (edition: string, layout: FrontLayout) => publishFrontForTest(t.app, { kind: 'edition', edition }, layout);

  it('shows the published layout, with overrides as text, hostile text escaped', async () => {
    assert.match(await html('/uk'), /Leaders sign a joint statement/, 'the starting layout before any publish');
    await publish('uk', {
      containers: [
        curated('Breaking now', 'breaking', [{ articleId: other.id, overrides: { headline: 'Explainer, as the front tells it' } }]),
        curated('Top of the day', 'lead', [
          { articleId: story.id, boosted: true, overrides: { headline: hostile, kicker: 'Exclusive & live', focal: { x: 0.1, y: 0.9 } } },
        ]),
      ],
    });
    const page = await html('/uk');
    assert.match(page, /<section class="fc fc--breaking" aria-labelledby="fc-0"><h2 id="fc-0">Breaking now<\/h2>/);
    assert.match(page, /Explainer, as the front tells it/);
    assert.ok(!page.includes(hostile), 'the override is never markup');
    assert.match(page, /&lt;script>alert\(&quot;front&quot;\)&lt;\/script>&lt;img src=x onerror=alert\(1\)>/);
    assert.match(page, /Exclusive &amp; live/);
    assert.match(page, /class="fx-2 fy-18"/, 'the focal point of the override places the crop');
    assert.ok(page.indexOf('Breaking now') < page.indexOf('Top of the day'), 'containers in the published order');
    assert.doesNotMatch(page, /Leaders sign a joint statement/, 'the article’s own headline gives way to the front’s');
  });

  it('renders the XSS corpus in overrides and titles as text', async () => {
    for (const payload of testdata.xss().slice(0, 60)) {
      await publish('uk', {
        containers: [curated(payload, 'top', [{ articleId: story.id, boosted: true, overrides: { headline: payload, trail: payload, kicker: payload } }])],
      });
      const page = await html('/uk');
      if (/[<>"]/.test(payload)) assert.ok(!page.includes(payload), `reflected: ${payload}`);
    }
  });

  it('a publish purges the cached front; a first publish shows at once', async () => {
    await html('/uk');
    assert.ok(t.app.pageCache.get('front:uk:1'), 'the front is cached');
    await publish('uk', { containers: [curated('Only this', 'row', [{ articleId: other.id }])] });
    assert.equal(t.app.pageCache.get('front:uk:1'), undefined, 'purged by the publish');
    const page = await html('/uk');
    assert.match(page, /Only this/);
    assert.doesNotMatch(page, /Top of the day/);

    await html('/us');
    assert.ok(t.app.pageCache.get('front:us:1'));
    await publish('us', { containers: [curated('First US layout', 'row', [{ articleId: story.id }])] });
    assert.match(await html('/us'), /First US layout/, 'a never-made front’s page was purged by its first publish');
  });

  it('an unpublished story leaves every front and the fill takes its slot; an edit shows on every front', async () => {
    const fresh = (
      await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'A curated story', status: 'published', editions: ['uk', 'us'] }))
    ).json();
    const filler = (
      await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'The fill steps in', status: 'published', editions: ['uk'] }))
    ).json();
    await publish('uk', {
      containers: [curated('Filled', 'top', [{ articleId: fresh.id }], { size: 2, fill: true, source: { sectionId: newsId } })],
    });
    await publish('us', { containers: [curated('Us too', 'row', [{ articleId: fresh.id }, { articleId: story.id }])] });
    await publishFrontForTest(t.app, { kind: 'section', sectionId: newsId }, { containers: [curated('Section pick', 'lead', [{ articleId: fresh.id }])] });
    for (const url of ['/uk', '/us', '/news']) assert.match(await html(url), /A curated story/, url);
    assert.match(await html('/uk'), /The fill steps in/);

    const current = (await t.admin('GET', `/api/admin/articles/${fresh.id}`)).json();
    await t.admin('PATCH', `/api/admin/articles/${fresh.id}`, { version: current.version, headline: 'A curated story, revised' });
    for (const url of ['/uk', '/us', '/news']) assert.match(await html(url), /A curated story, revised/, url);

    await t.admin('POST', `/api/admin/articles/${fresh.id}/unpublish`);
    for (const url of ['/uk', '/us', '/news']) assert.doesNotMatch(await html(url), /A curated story/, url);
    const uk = await html('/uk');
    assert.match(uk, /The fill steps in/);
    assert.match(uk, /Filled/, 'the fill keeps the container');
    assert.doesNotMatch(await html('/news'), /Section pick/, 'an emptied container is not shown');
    void filler;
  });

  it('costs the same number of queries for 8 cards as for 80', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 80; i++)
      ids.push(
        (await t.admin('POST', '/api/admin/articles', validArticle({ headline: `Story number ${i}`, status: 'published', editions: ['uk'] }))).json().id,
      );
    const layoutOf = (count: number): FrontLayout => {
      const containers: Container[] = [];
      for (let at = 0; at < count; at += 8)
        containers.push(
          curated(
            `c${at}`,
            'top',
            ids.slice(at, at + 8).map((articleId, i) => ({ articleId, boosted: i === 0 })),
          ),
        );
      containers.push({ id: 'auto', title: 'Latest', layout: 'headlines', mode: 'automatic', size: 12, cards: [], source: { sectionId: newsId } });
      return { containers };
    };
    const measure = async (count: number) => {
      await publish('uk', layoutOf(count));
      assert.match(await html('/uk'), new RegExp(`Story number ${count - 1}<`), 'warm');
      t.app.pageCache.purge(null);
      return countQueries(t.app.ctx.database, () => html('/uk'));
    };
    const small = await measure(8);
    const big = await measure(80);
    assert.equal(big, small, `8 cards: ${small} queries, 80 cards: ${big}`);
    assert.ok(small <= 4, `${small} queries`);
  });
});
