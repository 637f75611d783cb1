import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engine } from '../../test/support/database.ts';
import { rows } from '../platform/db/database.ts';
import { siteAssets } from './assets.ts';
import { keepAssets } from './kept-assets.ts';

/** During a rolling upgrade a page of one release asks a machine of the other for its assets. */
describe(`assets of another release on ${engine}`, () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  it('keeps this release’s assets at start, and serves another release’s from what was kept', async () => {
    const built = (await siteAssets()).files;
    const kept = await rows<{ name: string }>(t.db.database.db, sql`select name from kept_assets`);
    assert.deepEqual(kept.map((r) => r.name).sort(), [...built.keys()].sort(), 'every asset this release built');
    // A release before this one built a stylesheet this one did not: a machine of that release added it.
    const older = new Map([['site-OlderRelease.css', { body: Buffer.from('body{color:#111}'), type: 'text/css; charset=utf-8', etag: '"older"' }]]);
    await keepAssets(t.db.database.db, older, new Date());
    const served = await t.get('/assets/site-OlderRelease.css');
    assert.equal(served.statusCode, 200);
    assert.equal(served.body, 'body{color:#111}');
    assert.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await t.get('/assets/site-NeverBuiltX1.css')).statusCode, 404);
    assert.equal((await t.get('/assets/..%2F..%2Fetc%2Fpasswd')).statusCode, 404, 'a name no build gives is not looked up');
  });

  it('drops what no process has built for 30 days', async () => {
    const old = new Map([['logo-VeryOldBuild.png', { body: Buffer.from('png'), type: 'image/png', etag: '"old"' }]]);
    await keepAssets(t.db.database.db, old, new Date(Date.now() - 40 * 86_400_000));
    await keepAssets(t.db.database.db, new Map(), new Date());
    assert.equal((await t.get('/assets/logo-VeryOldBuild.png')).statusCode, 404);
  });
});
