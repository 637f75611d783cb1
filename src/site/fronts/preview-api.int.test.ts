import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { signedInStaff } from '../../../test/support/accounts.ts';
import type { TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { publishFrontForTest } from '../../../test/support/front-publish.ts';
import type { FrontLayout } from '../../fronts/index.ts';
import { openReaderSite, type ReaderSite } from '../reader-site.fixtures.ts';

/** A front's draft previewed for editors, and fronts in the Content API. */
describe(`fronts on ${engine}: the editors' preview and the Content API`, () => {
  let t: TestApp;
  let story: ReaderSite['story'];
  let other: ReaderSite['other'];
  let html: ReaderSite['html'];
  let newsId: string;

  before(async () => {
    ({ t, story, other, html } = await openReaderSite(() => new Date()));
    const found = (await t.app.ctx.database.db.execute(sql`select id from sections where slug = 'news'`)) as unknown as { rows: { id: string }[] };
    newsId = found.rows[0]!.id;
  });
  after(() => t.close());

  const layout = (title: string, headline: string): FrontLayout => ({
    containers: [
      {
        id: 'lead',
        title,
        layout: 'lead',
        mode: 'curated',
        size: 2,
        cards: [{ articleId: story.id, boosted: true, overrides: { headline } }],
        fill: true,
        source: { sectionId: newsId },
      },
      { id: 'op', title: 'Opinion', layout: 'opinion', mode: 'curated', size: 1, cards: [{ articleId: 'f2b3c4d5-0000-4000-8000-000000000000' }] },
    ],
  });

  it('previews the draft as readers will see it, for editors only, uncached and framed only by the newsroom', async () => {
    const published = await publishFrontForTest(t.app, { kind: 'edition', edition: 'uk' }, layout('Published', 'What readers see now'));
    await publishFrontForTest(t.app, { kind: 'edition', edition: 'uk' }, layout('Draft title', 'Draft <em>headline</em>'), { draftOnly: true });
    const editor = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.41');
    const writer = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.42');

    const preview = await editor.agent.get(`/newsroom/fronts/${published}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Draft title/);
    assert.match(preview.body, /Draft &lt;em>headline&lt;\/em>/);
    assert.match(preview.body, /An earlier explainer/, 'the fill, as on the reader page');
    assert.doesNotMatch(preview.body, /Opinion/, 'a missing story leaves an empty container, which is not shown');
    assert.match(preview.body, /noindex/);
    assert.equal(preview.headers['cache-control'], 'private, no-store');
    assert.equal(preview.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(String(preview.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.doesNotMatch(String(preview.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(preview.headers['surrogate-key'], undefined, 'not a cached page');

    assert.match(await html('/uk'), /What readers see now/, 'readers still see the published front');
    assert.equal((await html('/uk')).includes('Draft title'), false);
    assert.equal((await t.app.inject({ url: '/uk' })).headers['x-frame-options'], 'DENY', 'reader pages are never framed');

    assert.equal((await writer.agent.get(`/newsroom/fronts/${published}/preview`)).statusCode, 403);
    assert.notEqual((await t.get(`/newsroom/fronts/${published}/preview`)).statusCode, 200, 'signed out');
    assert.equal((await editor.agent.get('/newsroom/fronts/6f1c2a52-7a5e-4c55-9d1e-1f2b3c4d5e6f/preview')).statusCode, 404);
    assert.equal((await editor.agent.get('/newsroom/fronts/not-a-uuid/preview')).statusCode, 400);

    const sectionFront = await publishFrontForTest(t.app, { kind: 'section', sectionId: newsId }, layout('Section draft', 'In the section'), {
      draftOnly: true,
    });
    assert.match((await editor.agent.get(`/newsroom/fronts/${sectionFront}/preview`)).body, /Section draft/);
  });

  it('serves fronts in the Content API: containers in order, overrides applied, 404 for unknown scopes', async () => {
    const uk = await t.get('/api/content/fronts/uk');
    assert.equal(uk.statusCode, 200);
    const body = uk.json();
    assert.equal(body.containers.length, 1);
    const [container] = body.containers;
    assert.equal(container.title, 'Published');
    assert.equal(container.layout, 'lead');
    assert.equal(container.stories[0].headline, 'What readers see now');
    assert.equal(container.stories[0].boosted, true);
    assert.equal(container.stories[0].id, story.id);
    assert.match(container.stories[0].picture.srcset, /^\S+\.(webp|avif) \d+w(, \S+\.(webp|avif) \d+w)*$/, 'srcset stays the attribute’s string');
    assert.equal('candidates' in container.stories[0].picture, false, 'the site’s candidates are not part of the API');
    assert.equal(container.stories[1].id, other.id, 'the fill');
    assert.equal('commentsEnabled' in container.stories[0], false, 'only the documented fields');

    const us = (await t.get('/api/content/fronts/us')).json();
    assert.ok(us.containers.length > 0, 'a never-published front shows its starting layout');
    const news = (await t.get('/api/content/fronts/section/news')).json();
    assert.ok(news.containers[0].stories.some((s: { id: string }) => s.id === story.id));

    assert.equal((await t.get('/api/content/fronts/zz')).statusCode, 404);
    assert.equal((await t.get('/api/content/fronts/section/no-such-section')).statusCode, 404);
    assert.equal((await t.get('/api/content/fronts/%3Cscript%3E')).statusCode, 400);
    const spec = (await t.get('/api/openapi.json')).json();
    assert.ok(spec.paths['/api/content/fronts/{edition}']?.get.tags.includes('Content: fronts'));
    assert.ok(spec.paths['/api/content/fronts/section/{slug}']);
  });
});
