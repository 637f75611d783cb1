import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';

/**
 * Surrogate keys are for a cache in front: without one, readers are not sent a header nobody
 * reads (an 80-card front's is 4 KB); the page cache here purges by the same keys either way.
 */
describe('reader pages: the Surrogate-Key header', () => {
  const apps: TestApp[] = [];
  const frontOf = async (env: Record<string, string>) => {
    const t = await createTestApp({ env });
    apps.push(t);
    await seedBasics(t);
    const made = await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published', editions: ['uk'] }));
    assert.equal(made.statusCode, 201, made.body);
    return { t, id: made.json().id as string, url: new URL(made.json().url as string).pathname };
  };
  let direct: Awaited<ReturnType<typeof frontOf>>;
  let proxied: Awaited<ReturnType<typeof frontOf>>;

  before(async () => {
    direct = await frontOf({});
    proxied = await frontOf({ TRUST_PROXY: 'loopback' });
  });
  after(() => Promise.all(apps.map((t) => t.close())));

  it('is not sent to readers served directly, yet a change still purges the cached page', async () => {
    const page = await direct.t.get(direct.url);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['surrogate-key'], undefined);
    const { version } = (await direct.t.admin('GET', `/api/admin/articles/${direct.id}`)).json();
    const edited = await direct.t.admin('PATCH', `/api/admin/articles/${direct.id}`, { version, headline: 'A headline changed after caching' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.match((await direct.t.get(direct.url)).body, /A headline changed after caching/);
  });

  it('names what the page shows when a proxy is in front', async () => {
    for (const url of [proxied.url, '/uk']) {
      const page = await proxied.t.get(url);
      assert.equal(page.statusCode, 200, url);
      assert.match(page.headers['surrogate-key'] as string, new RegExp(`article:${proxied.id}`), url);
    }
  });
});
