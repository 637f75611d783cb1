import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { untilWaitingForLock } from '../../../test/support/locks.ts';

/** What live blogs make a clear conflict rather than a database error: an author still writing entries, a blog made twice at once. */
describe(`Admin API on ${engine}: live blogs' conflicts`, () => {
  let t: TestApp;
  const newArticle = async (headline: string) =>
    (await t.admin('POST', '/api/admin/articles', validArticle({ headline, status: 'published' }))).json().id as string;

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
  });
  after(() => t.close());

  it('refuses to delete an author who writes live blog entries only, then lets them go once those are deleted', async () => {
    const author = (await t.admin('POST', '/api/admin/authors', { name: 'Liv Blogger' })).json();
    const id = await newArticle('Flood watch, live');
    assert.equal((await t.admin('PUT', `/api/admin/articles/${id}/live-blog`, {})).statusCode, 201);
    const entries = `/api/admin/articles/${id}/entries`;
    const post = async (title: string) => (await t.admin('POST', entries, { title, bodyMarkdown: 'Rising.', writers: [author.slug], as: 'publish' })).json();
    const kept = await post('River at its peak');
    const gone = await post('A wrong gauge reading');
    assert.equal((await t.admin('DELETE', `${entries}/${gone.id}?version=${gone.version}`)).statusCode, 204);

    const refused = await t.admin('DELETE', `/api/admin/authors/${author.slug}`);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().error.message, /on the byline of 1 live blog entry; remove them from those first/);

    assert.equal((await t.admin('DELETE', `${entries}/${kept.id}?version=${kept.version}`)).statusCode, 204);
    // Only deleted entries name the author now, and nobody sees those again.
    assert.equal((await t.admin('DELETE', `/api/admin/authors/${author.slug}`)).statusCode, 204);
    assert.equal((await t.admin('GET', `/api/admin/authors/${author.slug}`)).statusCode, 404);
  });

  it('names both articles and live blog entries when an author is on both', async () => {
    const author = (await t.admin('POST', '/api/admin/authors', { name: 'Max Both' })).json();
    const id = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Two bylines', authors: [author.slug], status: 'published' }))).json().id;
    assert.equal((await t.admin('PUT', `/api/admin/articles/${id}/live-blog`, {})).statusCode, 201);
    for (const title of ['One', 'Two'])
      assert.equal((await t.admin('POST', `/api/admin/articles/${id}/entries`, { title, bodyMarkdown: 'x', writers: [author.slug] })).statusCode, 201);
    const refused = await t.admin('DELETE', `/api/admin/authors/${author.id}`);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().error.message, /on the byline of 1 article and 2 live blog entries;/);
  });

  it('makes an article a live blog once when two ask at the same moment: the second is a conflict', async () => {
    const id = await newArticle('Strike talks, live');
    let making: ReturnType<TestApp['admin']> | undefined;
    // The first maker's row, not yet committed when the second asks.
    await t.app.ctx.database.transaction(async (tx) => {
      await tx.execute(sql`insert into live_blogs (article_id, coverage_started_at) values (${id}, now())`);
      making = t.admin('PUT', `/api/admin/articles/${id}/live-blog`, { entryOrder: 'oldest' });
      await untilWaitingForLock(tx);
    });
    const second = await making!;
    // On PGlite the second waits for the first to commit, finds the blog and asks for its version, as a later request would.
    assert.equal(second.statusCode, engine === 'postgres' ? 409 : 422, second.body);
    assert.match(second.json().error.message, /already a live blog/);
    assert.equal((await t.admin('GET', `/api/admin/articles/${id}/live-blog`)).json().entryOrder, 'newest', 'the first maker’s blog stands');
  });
});
