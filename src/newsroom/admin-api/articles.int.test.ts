import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, tableCounts, validArticle, type TestApp } from '../../../test/support/app.ts';

describe('Admin API: articles', () => {
  let t: TestApp;
  // The app's clock runs with the real one, and a test moves it on instead of sleeping.
  let ahead = 0;
  const now = () => new Date(Date.now() + ahead);
  before(async () => {
    t = await createTestApp({ now });
    await seedBasics(t);
  });
  after(() => t.close());

  it('creates a draft from Markdown and returns id, slug, url, status and version', async () => {
    const response = await t.admin('POST', '/api/admin/articles', validArticle());
    assert.equal(response.statusCode, 201, response.body);
    const article = response.json();
    assert.match(article.id, /^[0-9a-f-]{36}$/);
    assert.equal(article.slug, 'leaders-agree-to-meet-again-in-spring');
    assert.equal(article.url, 'https://news.example/world/leaders-agree-to-meet-again-in-spring');
    assert.equal(article.status, 'draft');
    assert.equal(article.version, 1);
    assert.deepEqual(article.body, [
      { type: 'paragraph', content: [{ text: 'The talks ended on ' }, { text: 'Friday', bold: true }, { text: '.' }] },
      { type: 'paragraph', content: [{ text: 'Both sides said they would return.' }] },
    ]);
    assert.deepEqual(article.editions, ['uk', 'us']);
    assert.equal(article.publishedAt, null);
    // A draft is not public.
    assert.equal((await t.get(`/api/content/articles/${article.slug}`)).statusCode, 404);
  });

  it('gives a second article with the same headline its own slug', async () => {
    const response = await t.admin('POST', '/api/admin/articles', validArticle());
    assert.equal(response.statusCode, 201);
    assert.equal(response.json().slug, 'leaders-agree-to-meet-again-in-spring-2');
  });

  it('refuses an explicit slug that is taken, and leaves nothing behind', async () => {
    const before = await tableCounts(t);
    const response = await t.admin('POST', '/api/admin/articles', validArticle({ slug: 'leaders-agree-to-meet-again-in-spring' }));
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.field, 'slug');
    assert.deepEqual(await tableCounts(t), before);
  });

  it('imports HTML, dropping what a block cannot hold', async () => {
    const response = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({
        bodyMarkdown: undefined,
        bodyHtml:
          '<h2 style="color:red">Context</h2><p onclick="steal()">Read <a href="javascript:alert(1)">this</a> and <a href="https://example.org/">that</a>.</p><script>alert(1)</script><blockquote><p>Never.</p><cite>A minister</cite></blockquote>',
      }),
    );
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json().body, [
      { type: 'heading', level: 2, content: [{ text: 'Context' }] },
      { type: 'paragraph', content: [{ text: 'Read this and ' }, { text: 'that', href: 'https://example.org/' }, { text: '.' }] },
      { type: 'quote', content: [{ text: 'Never.' }], attribution: 'A minister' },
    ]);
  });

  it('accepts every block type written as blocks', async () => {
    const target = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Target of a link' }))).json();
    const body = [
      { type: 'paragraph', content: [{ text: 'Plain ' }, { text: 'bold', bold: true }, { text: 'italic', italic: true }, { text: 'link', href: '/world/x' }] },
      { type: 'heading', level: 3, content: [{ text: 'A heading' }] },
      { type: 'quote', content: [{ text: 'Quoted' }], attribution: 'Someone' },
      { type: 'list', ordered: true, items: [[{ text: 'one' }], [{ text: 'two' }]] },
      { type: 'embed', url: 'https://video.example/1', title: 'A clip' },
      { type: 'related', articleId: target.id },
      { type: 'pullquote', text: 'Big words', attribution: 'A voice' },
      { type: 'divider' },
    ];
    const response = await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Every block', bodyMarkdown: undefined, body }));
    assert.equal(response.statusCode, 201, response.body);
    const article = response.json();
    assert.deepEqual(article.body, body);
    assert.equal(article.references.articles[target.id].headline, 'Target of a link');
    // The body survives a round trip: what was read can be sent back.
    const again = await t.admin('PATCH', `/api/admin/articles/${article.id}`, { version: article.version, body: article.body });
    assert.equal(again.statusCode, 200, again.body);
  });

  it('publishes, lists and serves it publicly, then unpublishes to 410', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Published story' }))).json();
    const published = await t.admin('POST', `/api/admin/articles/${created.id}/publish`);
    assert.equal(published.statusCode, 200, published.body);
    const live = published.json();
    assert.equal(live.status, 'published');
    assert.equal(live.version, 2);
    assert.ok(live.publishedAt && live.firstPublishedAt === live.publishedAt);
    // Publishing again is harmless.
    const again = await t.admin('POST', `/api/admin/articles/${created.id}/publish`, {});
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().version, 2);

    const read = await t.get(`/api/content/articles/${created.slug}`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().url, 'https://news.example/world/published-story');
    const unpublished = await t.admin('POST', `/api/admin/articles/${created.id}/unpublish`, { version: 2 });
    assert.equal(unpublished.statusCode, 200, unpublished.body);
    assert.equal(unpublished.json().status, 'unpublished');
    const gone = await t.get(`/api/content/articles/${created.slug}`);
    assert.equal(gone.statusCode, 410);
    assert.equal(gone.json().error.code, 'gone');
  });

  it('creates published with an explicit publishedAt for archive imports', async () => {
    const response = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({ headline: 'From the archive', status: 'published', publishedAt: '2017-11-11T09:36:00Z' }),
    );
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().publishedAt, '2017-11-11T09:36:00.000Z');
    assert.equal(response.json().firstPublishedAt, '2017-11-11T09:36:00.000Z');
    const future = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({ headline: 'From the future', status: 'published', publishedAt: '2999-01-01T00:00:00Z' }),
    );
    assert.equal(future.statusCode, 422);
    assert.equal(future.json().error.field, 'publishedAt');
  });

  it('refuses to publish an article that is not ready, naming what is missing', async () => {
    const noStandfirst = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Bare', standfirst: '' }))).json();
    const response = await t.admin('POST', `/api/admin/articles/${noStandfirst.id}/publish`);
    assert.equal(response.statusCode, 422);
    assert.equal(response.json().error.field, 'standfirst');
    const noAuthors = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Nobody', authors: [] }))).json();
    assert.equal((await t.admin('POST', `/api/admin/articles/${noAuthors.id}/publish`)).json().error.field, 'authors');
  });

  it('records a revision for every change and marks live edits as updates', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Revised', status: 'published' }))).json();
    assert.equal(created.updatedAt, null);
    const edited = await t.admin('PATCH', `/api/admin/articles/${created.id}`, { version: created.version, headline: 'Revised headline' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().headline, 'Revised headline');
    assert.ok(edited.json().updatedAt);
    // The slug stays: the address is already out in the world.
    assert.equal(edited.json().slug, created.slug);
    const revisions = (await t.admin('GET', `/api/admin/articles/${created.id}/revisions`)).json().items;
    assert.deepEqual(
      revisions.map((r: { action: string; version: number }) => [r.action, r.version]),
      [
        ['update', 3],
        ['create', 2],
      ],
    );
    assert.equal(revisions[0].snapshot.headline, 'Revised headline');
    assert.equal(revisions[1].snapshot.headline, 'Revised');
    const slugChange = await t.admin('PATCH', `/api/admin/articles/${created.id}`, { version: 3, slug: 'something-else' });
    assert.equal(slugChange.statusCode, 409);
  });

  it('answers a stale version with 409 and the current version, changing nothing', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Contested' }))).json();
    const first = await t.admin('PATCH', `/api/admin/articles/${created.id}`, { version: 1, standfirst: 'First editor' });
    assert.equal(first.statusCode, 200);
    const second = await t.admin('PATCH', `/api/admin/articles/${created.id}`, { version: 1, standfirst: 'Second editor' });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.field, 'version');
    assert.equal(second.json().error.currentVersion, 2);
    assert.equal((await t.admin('GET', `/api/admin/articles/${created.id}`)).json().standfirst, 'First editor');
  });

  it('adds corrections and update notes to published articles only', async () => {
    const draft = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Not yet live' }))).json();
    assert.equal((await t.admin('POST', `/api/admin/articles/${draft.id}/corrections`, { kind: 'correction', note: 'x' })).statusCode, 409);
    const live = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Corrected story', status: 'published' }))).json();
    const corrected = await t.admin('POST', `/api/admin/articles/${live.id}/corrections`, {
      kind: 'correction',
      note: 'An earlier version gave the wrong year.',
    });
    assert.equal(corrected.statusCode, 201, corrected.body);
    assert.equal(corrected.json().corrections.length, 1);
    assert.ok(corrected.json().updatedAt);
    const publicView = (await t.get(`/api/content/articles/${live.slug}`)).json();
    assert.deepEqual(
      publicView.corrections.map((c: { kind: string; note: string }) => [c.kind, c.note]),
      [['correction', 'An earlier version gave the wrong year.']],
    );
    const revisions = (await t.admin('GET', `/api/admin/articles/${live.id}/revisions`)).json().items;
    assert.equal(revisions[0].action, 'correction');
  });

  it('lists with filters and cursor pagination', async () => {
    const all = (await t.admin('GET', '/api/admin/articles?limit=100')).json().items;
    const page1 = (await t.admin('GET', '/api/admin/articles?limit=3')).json();
    assert.equal(page1.items.length, 3);
    assert.ok(page1.nextCursor);
    const page2 = (await t.admin('GET', `/api/admin/articles?limit=3&cursor=${page1.nextCursor}`)).json();
    assert.deepEqual(
      [...page1.items, ...page2.items].map((a: { id: string }) => a.id),
      all.slice(0, 6).map((a: { id: string }) => a.id),
    );
    const published = (await t.admin('GET', '/api/admin/articles?status=published&limit=100')).json().items;
    assert.ok(published.length > 0 && published.every((a: { status: string }) => a.status === 'published'));
    const searched = (await t.admin('GET', '/api/admin/articles?q=corrected')).json().items;
    assert.deepEqual(
      searched.map((a: { headline: string }) => a.headline),
      ['Corrected story'],
    );
    assert.equal((await t.admin('GET', '/api/admin/articles?cursor=not-ours')).statusCode, 400);
  });

  it('schedules an embargoed article and the queue publishes it when due', async () => {
    await t.app.jobs.runDue(); // what earlier publications queued
    const created = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Under embargo' }))).json();
    const at = new Date(now().getTime() + 2_000).toISOString();
    const scheduled = await t.admin('POST', `/api/admin/articles/${created.id}/schedule`, { at });
    assert.equal(scheduled.statusCode, 200, scheduled.body);
    assert.equal(scheduled.json().status, 'scheduled');
    assert.equal((await t.get(`/api/content/articles/${created.slug}`)).statusCode, 404);
    const listed = (await t.get('/api/content/articles?limit=100')).json().items;
    assert.ok(!listed.some((a: { id: string }) => a.id === created.id), 'embargoed article must not be listed');
    assert.equal(await t.app.jobs.runDue(), 0, 'nothing is due before its time');
    ahead += 2_100;
    assert.equal(await t.app.jobs.runDue(), 2, 'the publication, and the first-publication job it queued (automatic alerts)');
    const live = await t.get(`/api/content/articles/${created.slug}`);
    assert.equal(live.statusCode, 200);
    assert.equal(live.json().publishedAt, at);
  });

  it('deletes a draft, but not an article another one links to', async () => {
    const target = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Linked to' }))).json();
    await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({ headline: 'Linking', bodyMarkdown: undefined, body: [{ type: 'related', articleId: target.id }] }),
    );
    const refused = await t.admin('DELETE', `/api/admin/articles/${target.id}`);
    assert.equal(refused.statusCode, 409);
    const lonely = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Deleted soon' }))).json();
    assert.equal((await t.admin('DELETE', `/api/admin/articles/${lonely.id}`)).statusCode, 204);
    assert.equal((await t.admin('GET', `/api/admin/articles/${lonely.id}`)).statusCode, 404);
  });

  it('requires the token', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/admin/articles' });
    assert.equal(anonymous.statusCode, 401);
    assert.match(anonymous.headers['www-authenticate'] as string, /Bearer/);
    const wrong = await t.app.inject({ method: 'GET', url: '/api/admin/articles', headers: { authorization: `Bearer mh_${'x'.repeat(43)}` } });
    assert.equal(wrong.statusCode, 401);
  });
});
