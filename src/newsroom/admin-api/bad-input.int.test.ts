import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, tableCounts, validArticle, type TestApp } from '../../../test/support/app.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { isName, isText } from '../../platform/text.ts';

/**
 * Every kind of bad input gets a clear 4xx that names what is wrong, and the database is
 * exactly as it was before the request.
 */
describe('Admin API: bad input', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
  });
  after(() => t.close());

  async function refused(payload: unknown, status: number, field?: string, message?: RegExp, url = '/api/admin/articles', headers?: Record<string, string>) {
    const before = await tableCounts(t);
    const response = await t.admin('POST', url, payload, headers);
    assert.equal(response.statusCode, status, `${response.statusCode} ${response.body.slice(0, 300)}`);
    const { error } = response.json();
    assert.equal(typeof error.code, 'string');
    assert.ok(error.message.length > 10, 'the message says what is wrong');
    assert.ok(!/at .*\.ts:\d+/.test(response.body), 'no stack trace');
    if (field !== undefined) assert.equal(error.field, field, error.message);
    if (message) assert.match(error.message, message);
    assert.deepEqual(await tableCounts(t), before, 'the database is as it was');
    return error;
  }

  it('malformed JSON is a 400', () => refused('{"headline": "x",', 400, undefined, /not valid JSON/));
  it('an empty JSON body is a 400', () => refused('', 400, undefined, /empty/));
  it('a body that is not JSON is a 415', () =>
    refused('headline=x', 415, undefined, undefined, '/api/admin/articles', { 'content-type': 'application/x-www-form-urlencoded' }));
  it('prototype pollution attempts are refused', () => refused('{"headline":"x","__proto__":{"admin":true}}', 400));
  it('unknown fields are named', () => refused(validArticle({ colour: 'red' }), 422, 'colour', /not a field/));
  it('a missing headline is named', () => refused(validArticle({ headline: undefined }), 422, 'headline', /required/));
  it('an over-long headline is named', () => refused(validArticle({ headline: 'x'.repeat(201) }), 422, 'headline', /at most 200/));
  it('a blank headline is refused', () => refused(validArticle({ headline: ' \u200b\u00a0' }), 422, 'headline'));
  it('a headline with a line break is refused', () => refused(validArticle({ headline: 'one\ntwo' }), 422, 'headline'));
  it('an unknown block type is named', () =>
    refused(
      validArticle({
        bodyMarkdown: undefined,
        body: [
          { type: 'paragraph', content: [{ text: 'ok' }] },
          { type: 'video', src: 'x' },
        ],
      }),
      422,
      'body[1].type',
      /unknown block type "video"/,
    ));
  it('a block missing its content is named', () =>
    refused(validArticle({ bodyMarkdown: undefined, body: [{ type: 'heading', level: 2 }] }), 422, 'body[0].content'));
  it('a javascript: link in a block is refused', () =>
    refused(
      validArticle({ bodyMarkdown: undefined, body: [{ type: 'paragraph', content: [{ text: 'x', href: 'javascript:alert(1)' }] }] }),
      422,
      'body[0].content[0].href',
    ));
  it('a non-https embed is refused', () =>
    refused(validArticle({ bodyMarkdown: undefined, body: [{ type: 'embed', url: 'http://video.example/1' }] }), 422, 'body[0].url'));
  it('two body formats at once are refused', () => refused(validArticle({ bodyHtml: '<p>x</p>' }), 422, 'bodyMarkdown', /one way only/));
  it('an unknown author is named', () => refused(validArticle({ authors: ['ada-reporter', 'nobody-here'] }), 422, 'authors[1]', /nobody-here/));
  it('a repeated author is named', () => refused(validArticle({ authors: ['ada-reporter', 'ada-reporter'] }), 422, 'authors[1]'));
  it('an unknown section is named', () => refused(validArticle({ section: 'sport' }), 422, 'section', /sport/));
  it('an unknown topic is named', () => refused(validArticle({ topics: ['gardening'] }), 422, 'topics[0]'));
  it('an unknown edition is named', () => refused(validArticle({ edition: 'fr' }), 422, 'edition'));
  it('a missing hero image is named', () => refused(validArticle({ hero: { imageId: '00000000-0000-4000-8000-000000000000' } }), 422, 'hero.imageId'));
  it('a related link to a missing article is named', () =>
    refused(
      validArticle({ bodyMarkdown: undefined, body: [{ type: 'related', articleId: '00000000-0000-4000-8000-000000000000' }] }),
      422,
      'body[0].articleId',
    ));
  it('a badly formed slug is refused', () => refused(validArticle({ slug: '../etc/passwd' }), 422, 'slug'));
  it('a section cannot take a path the site owns', () => refused({ name: 'API', slug: 'api' }, 422, 'slug', /reserved/, '/api/admin/sections'));
  it('a 10 MB body is a 413', () => refused(validArticle({ bodyMarkdown: 'word '.repeat(2_000_000) }), 413));
  it('a NUL byte is named', () => refused(validArticle({ headline: 'Robert\u0000Tables' }), 422, 'headline', /NUL/));
  it('a NUL byte deep in a block is named', () =>
    refused(
      validArticle({ bodyMarkdown: undefined, body: [{ type: 'paragraph', content: [{ text: 'ok' }, { text: 'bad\u0000' }] }] }),
      422,
      'body[0].content[1].text',
    ));
  it('a lone surrogate is named', () => refused('{"headline":"x","standfirst":"abc\\udc00def","section":"world"}', 422, 'standfirst', /surrogate/));
  it('a lone surrogate in a field name is refused', () => refused('{"headline":"x","\\ud800":1,"section":"world"}', 422));
  it('a wrong type is named', () => refused(validArticle({ commentsEnabled: 'maybe' }), 422, 'commentsEnabled'));
  it('a bad id in the path is a 400', async () => {
    const response = await t.admin('GET', '/api/admin/articles/not-an-id');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.field, 'id');
  });
  it('an unknown path is a JSON 404', async () => {
    const response = await t.admin('GET', '/api/admin/nothing-here');
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'not_found');
  });

  it('stores HTML and script in every text field as text, exactly', async () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const author = await t.admin('POST', '/api/admin/authors', { name: payload, title: payload, bio: payload });
    assert.equal(author.statusCode, 201, author.body);
    assert.deepEqual([author.json().name, author.json().title, author.json().bio], [payload, payload, payload]);
    const section = (await t.admin('POST', '/api/admin/sections', { name: payload, description: payload })).json();
    assert.equal(section.name, payload);
    assert.match(section.slug, /^[a-z0-9-]+$/);
    const topic = (await t.admin('POST', '/api/admin/topics', { name: payload, description: payload })).json();
    assert.equal(topic.name, payload);
    const article = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({
        headline: payload,
        seoHeadline: payload,
        standfirst: payload,
        bodyMarkdown: undefined,
        body: [
          { type: 'paragraph', content: [{ text: payload }] },
          { type: 'quote', content: [{ text: payload }], attribution: payload },
          { type: 'pullquote', text: payload, attribution: payload },
        ],
        authors: [author.json().slug],
        section: section.slug,
        topics: [topic.slug],
        status: 'published',
      }),
    );
    assert.equal(article.statusCode, 201, article.body);
    const note = await t.admin('POST', `/api/admin/articles/${article.json().id}/corrections`, { kind: 'update', note: payload });
    assert.equal(note.statusCode, 201);
    const read = (await t.get(`/api/content/articles/${article.json().slug}`)).json();
    assert.equal(read.headline, payload);
    assert.equal(read.seoHeadline, payload);
    assert.equal(read.standfirst, payload);
    assert.equal(read.body[0].content[0].text, payload);
    assert.equal(read.body[1].attribution, payload);
    assert.equal(read.body[2].text, payload);
    assert.equal(read.authors[0].name, payload);
    assert.equal(read.topics[0].name, payload);
    assert.equal(read.corrections[0].note, payload);
  });

  it('every payload of the XSS corpus is stored exactly or refused by field, never a 500', async () => {
    let stored = 0;
    for (const payload of testdata.xss()) {
      const response = await t.admin('POST', '/api/admin/topics', { name: payload, description: payload });
      assert.ok([201, 422].includes(response.statusCode), `${response.statusCode} for ${JSON.stringify(payload)}`);
      if (response.statusCode === 201) {
        stored++;
        const read = await t.get(`/api/content/topics/${response.json().slug}`);
        assert.equal(read.json().name, payload);
        assert.equal(read.json().description, payload);
      } else {
        // Refused only for a reason the message names: too long, or not one line of text.
        const { field } = response.json().error;
        assert.ok(['name', 'description'].includes(field), response.body);
        assert.ok([...payload].length > 80 || !isName(payload) || !isText(payload), `refused without cause: ${JSON.stringify(payload)}`);
      }
    }
    assert.ok(stored > 0);
  });

  it('article bodies imported from the XSS corpus keep no script and no unsafe link', async () => {
    const html = testdata.xss().join('\n<p>separator</p>\n');
    const response = await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Corpus import', bodyMarkdown: undefined, bodyHtml: html }));
    assert.equal(response.statusCode, 201, response.body.slice(0, 300));
    const json = JSON.stringify(response.json().body);
    assert.ok(!/"href":"\s*(javascript|data|vbscript):/i.test(json));
    for (const block of response.json().body) assert.ok(['paragraph', 'heading', 'quote', 'list', 'divider', 'embed'].includes(block.type));
  });

  it('SQL injection strings are data: as names, slugs and search terms', async () => {
    for (const payload of testdata.sqli()) {
      const created = await t.admin('POST', '/api/admin/topics', { name: payload });
      assert.ok([201, 422].includes(created.statusCode), `${created.statusCode} ${payload}`);
      if (created.statusCode === 201) assert.equal(created.json().name, payload);
      const search = await t.admin('GET', `/api/admin/articles?q=${encodeURIComponent(payload.slice(0, 200))}`);
      assert.equal(search.statusCode, 200, `${search.body} for ${payload}`);
      const bySlug = await t.get(`/api/content/articles/${encodeURIComponent(payload.slice(0, 200))}`);
      assert.ok([400, 404, 414].includes(bySlug.statusCode), `${bySlug.statusCode} for ${payload}`);
    }
    // Still all there.
    assert.ok((await t.get('/api/content/sections')).json().items.length >= 2);
  });

  it('names from the Unicode corpus are kept, or refused when they cannot be shown honestly', async () => {
    for (const item of testdata.unicode().filter((c) => c.fields.includes('name'))) {
      const response = await t.admin('POST', '/api/admin/authors', { name: item.value });
      const label = `${item.id} (${item.expect}): ${response.statusCode} ${response.body.slice(0, 200)}`;
      assert.ok(response.statusCode < 500, label);
      if (item.expect === 'preserve') {
        assert.equal(response.statusCode, 201, label);
        assert.equal(response.json().name, item.value, label);
      } else if (item.expect === 'reject' || item.expect === 'reject-or-replace') {
        assert.equal(response.statusCode, 422, label);
      } else if (response.statusCode === 201) {
        assert.equal(response.json().name, item.value, label);
      } else {
        assert.equal(response.statusCode, 422, label);
      }
      if (response.statusCode === 201) assert.match(response.json().slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, label);
    }
  });

  it('refuses control characters that would inject headers or terminal escapes', async () => {
    for (const name of ['Alice\r\nBcc: victim@example.com', '\u001b[31mred\u001b[0m', '\b\b\badmin', '\u202eadmin\u202c']) {
      const response = await t.admin('POST', '/api/admin/authors', { name });
      assert.equal(response.statusCode, 422, JSON.stringify(name));
      assert.equal(response.json().error.field, 'name');
    }
  });
});
