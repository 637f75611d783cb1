import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { validArticle, type TestApp } from '../support/app.ts';
import { localContext, watchedPage } from '../support/browser.ts';
import { liveBlogs, type EntryFields } from '../../src/content/index.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Two readers on an open live blog while two writers post (through the content services, as the
 * newsroom's composer does): new entries wait behind "N new updates" and come in order at the
 * click, an edit and a deletion apply in place at once, a key event lists itself, a pin takes the
 * pinned slot, and the entry a reader is looking at never moves. `base` is where readers connect
 * (the app itself, or Pushpin in front of it); each run makes its own blog.
 */
export async function twoReadersTwoWriters(
  t: TestApp,
  browser: Browser,
  options: { base: string; headline: string; errors: string[]; dialogs: string[] },
): Promise<void> {
  const { base, errors, dialogs } = options;
  const made = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: options.headline, status: 'published', editions: ['uk'] }))).json();
  const who = () => ({ actor: 'account:test', now: new Date() });
  await liveBlogs.makeLiveBlog(t.app.ctx, made.id, {}, who());
  const writer = (slug: string) => (fields: EntryFields) => liveBlogs.createEntry(t.app.ctx, made.id, { writers: [slug], ...fields }, { as: 'publish' }, who());
  const ada = writer('ada-reporter');
  const ben = writer('ben-editor');
  const earlier = [];
  for (let i = 1; i <= 12; i++) earlier.push(await (i % 2 ? ada : ben)({ title: `Earlier ${i}`, bodyMarkdown: `Report ${i}.\n\nMore detail on report ${i}.` }));

  const readers: Page[] = [];
  for (let i = 0; i < 2; i++) {
    const context = await localContext(browser, { viewport: { width: 1280, height: 700 } });
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(`${base}/world/${made.slug}`);
    await page.locator('.live-updates').waitFor({ state: 'attached' });
    readers.push(page);
  }
  // Each reader looks at an entry halfway down: entries 12 to 1 show newest first, so "Earlier 6" is below several.
  const watched = `#entry-${earlier[5]!.id}`;
  const topOf = (page: Page) => page.locator(watched).evaluate((e) => Math.round(e.getBoundingClientRect().top));
  for (const page of readers) await page.locator(watched).evaluate((e) => e.scrollIntoView({ block: 'center' }));
  const before = await Promise.all(readers.map(topOf));

  const first = await ada({ title: 'Wind gusts reach 100 km/h', bodyMarkdown: 'The coast takes the worst.' });
  const second = await ben({ title: 'Bridge closed', bodyMarkdown: 'Traffic is turned back.', keyEvent: true });
  const above = earlier[10]!;
  await liveBlogs.updateEntry(t.app.ctx, above.id, { version: above.version, title: 'Earlier 11, corrected' }, who());
  const gone = earlier[9]!;
  await liveBlogs.deleteEntry(t.app.ctx, gone.id, gone.version, who());
  const third = await ada({ title: 'Shelters open', bodyMarkdown: 'Three halls take people in.', pinned: true });

  for (const [i, page] of readers.entries()) {
    const button = page.getByRole('button', { name: 'Show 3 new updates' });
    await button.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.live-updates__status').textContent(), '3 new updates', 'said politely to screen readers');
    // In place at once: the edit and the deletion (both above the entry in view), the key event listed.
    await page.locator(`#entry-${above.id} .live-entry__title`, { hasText: 'Earlier 11, corrected' }).waitFor();
    await page.locator(`#entry-${gone.id}`).waitFor({ state: 'detached' });
    await page.locator('[data-live-key-events] li', { hasText: 'Bridge closed' }).waitFor();
    assert.equal(await page.locator(`#entry-${first.id}`).count(), 0, 'new entries wait for the reader');
    assert.ok(Math.abs((await topOf(page)) - before[i]!) <= 1, 'the entry in view has not moved while updates queued (within the pixel scrolling rounds to)');
    if (i === 0) {
      const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      assert.deepEqual(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`),
        [],
      );
    }
    await button.click();
    await page.locator(`#entry-${first.id}`).waitFor();
    assert.ok(Math.abs((await topOf(page)) - before[i]!) <= 1, 'nor when the new entries went in above it');
    assert.equal(await page.locator(`[data-live-pinned] #entry-${third.id}`).count(), 1, 'the pin in the pinned slot');
    const order = await page.locator('#live-entries > article').evaluateAll((list) => list.slice(0, 3).map((e) => e.id));
    assert.deepEqual(order, [`entry-${second.id}`, `entry-${first.id}`, `entry-${earlier[11]!.id}`], 'newest first, in order');
    assert.equal(await page.getByRole('button', { name: /new update/ }).count(), 0);
  }
  // The blog closes: the Live mark goes from both open pages and the island stops following.
  const blog = await liveBlogs.getBlog(t.db.database.db, made.id);
  await liveBlogs.changeLiveBlog(t.app.ctx, made.id, { version: blog.version, state: 'closed' }, who());
  for (const page of readers) {
    await page.locator('.live-mark').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await page.locator('#live-entries').getAttribute('data-state'), 'closed');
  }
  for (const page of readers) await page.context().close();
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
}
