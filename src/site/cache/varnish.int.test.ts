import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { startVarnish, type Varnish } from '../../../test/support/varnish.ts';
import { until } from '../../../test/support/wait.ts';
import { freePort } from '../../../scripts/postgres.ts';
import { rows } from '../../platform/db/database.ts';

/**
 * A real Varnish running the VCL the site ships (docs/deploy/varnish.vcl), in front of the app
 * listening on a port, with the app's job worker running as in production: what readers see
 * through the cache after a change is what the purge queue and the VCL's bans make of it.
 */
describe(`through Varnish on ${engine}`, () => {
  let t: TestApp;
  let varnish: Varnish;
  /** Until the purges of what was just written have reached Varnish: a page fetched before then may be banned by them. */
  const settled = () =>
    until(
      async () =>
        (
          await rows(
            t.db.database.db,
            sql`select 1 from cdn_purges where key not like '*%' union all select 1 from jobs where name = 'cdn.purge' and state in ('queued', 'running')`,
          )
        ).length === 0,
    );
  const through = (path: string, headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${varnish.port}${path}`, { headers });

  before(async () => {
    const appPort = await freePort();
    varnish = await startVarnish(appPort);
    t = await createTestApp({ env: { CDN_PURGE_URL: varnish.purgeUrl, CDN_PURGE_ALL_EVERY: '0' } });
    await t.app.listen({ host: '127.0.0.1', port: appPort });
    await t.app.jobs.start();
    await seedBasics(t);
  });
  after(async () => {
    await t?.close();
    await varnish?.stop();
  });

  it('keeps a page, and shows its correction in under a second after it is published', { timeout: 60_000 }, async () => {
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Ferry sails at noon', status: 'published' }))).json();
    const path = new URL(article.url).pathname;
    await settled();
    const first = await until(async () => {
      const response = await through(path);
      return response.status === 200 && (await response.text()).includes('Ferry sails at noon') && response;
    });
    assert.equal(first.headers.get('surrogate-key'), null, 'the keys stay in the cache');
    // Cookies do not take a reader past the cache: the page is the same for everyone.
    const again = await through(path, { cookie: 'masthead_session=someone' });
    assert.equal(again.headers.get('x-cache'), 'HIT', varnish.logs());
    await again.text();

    const corrected = await t.admin('POST', `/api/admin/articles/${article.id}/corrections`, { kind: 'correction', note: 'The ferry sails at one, not noon.' });
    assert.ok(corrected.statusCode < 300, corrected.body);
    const published = Date.now();
    await until(async () => (await (await through(path)).text()).includes('The ferry sails at one, not noon.'), 20);
    const elapsed = Date.now() - published;
    // The purge is queued after the commit and the job worker is woken by NOTIFY (no polling):
    // tens of milliseconds on an idle machine. The bound is one second; a loaded CI
    // runner stays well inside it, and a purge that waited for the queue's 1 s poll would not.
    assert.ok(elapsed < 1000, `the correction showed through Varnish after ${elapsed} ms`);
  });

  it('a withdrawn article answers 410 through it, and the 410 is kept', { timeout: 60_000 }, async () => {
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Bridge to close', status: 'published' }))).json();
    const path = new URL(article.url).pathname;
    await settled();
    await until(async () => (await through(path)).status === 200);
    assert.equal((await through(path)).headers.get('x-cache'), 'HIT');
    const withdrawn = await t.admin('POST', `/api/admin/articles/${article.id}/unpublish`, {});
    assert.ok(withdrawn.statusCode < 300, withdrawn.body);
    await until(async () => (await through(path)).status === 410, 20);
    // The withdrawal's purges may come in more than one batch: once they are all sent, the 410 is stored and kept.
    await settled();
    assert.equal((await through(path)).status, 410);
    const kept = await through(path);
    assert.equal(kept.status, 410);
    assert.equal(kept.headers.get('x-cache'), 'HIT', 'the 410 is served from the cache');
  });

  it('stores only what the site marks public, and refuses a purge without the token or without keys', async () => {
    await through('/healthz');
    const health = await through('/healthz');
    assert.equal(health.headers.get('x-cache'), 'MISS', 'no-store is never kept');
    await through('/api/me');
    assert.equal((await through('/api/me')).headers.get('x-cache'), 'MISS', 'a private answer is never kept');
    const token = new URL(varnish.purgeUrl).searchParams.get('token')!;
    const stranger = await fetch(varnish.purgeUrl, { method: 'PURGE', headers: { 'x-purge-all': '1' } });
    assert.equal(stranger.status, 403, 'without the token, even from an address it lists, nothing is purged');
    const refused = await fetch(varnish.purgeUrl, { method: 'PURGE', headers: { authorization: `Bearer ${token}`, 'surrogate-key': 'bad key|(.*)' } });
    assert.equal(refused.status, 400);
  });
});
