import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { engine } from '../../test/support/database.ts';
import { seedDemo } from './seed.ts';

describe(`the demo's menus on ${engine}`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedDemo(t.db.database, t.storage);
    // The demo seeds behind the app's back (as before it serves): tell the site.
    t.app.ctx.events.everythingChanged();
  });
  after(() => t.close());

  it('each edition has its own header menu with sub-items, and every link in it leads to a page', async () => {
    const uk = (await t.get('/api/content/navigation/uk')).json();
    const us = (await t.get('/api/content/navigation/us')).json();
    assert.notDeepEqual(uk.header, us.header);
    for (const menus of [uk, us]) {
      assert.ok(menus.header.some((item: { children?: unknown[] }) => (item.children ?? []).length > 0));
      const urls = menus.header.flatMap((item: { url: string; children?: { url: string }[] }) => [item.url, ...(item.children ?? []).map((c) => c.url)]);
      for (const url of [...urls, ...menus.footer.map((item: { url: string }) => item.url)]) assert.equal((await t.get(url)).statusCode, 200, url);
    }
    assert.match((await t.get('/us')).body, /<a href="\/us-politics">US politics<\/a>/);
  });
});
