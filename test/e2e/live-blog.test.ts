import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../support/app.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { testdata } from '../support/testdata.ts';
import { freePort } from '../../scripts/postgres.ts';
import { liveBlogs, type EntryFields } from '../../src/content/index.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A live blog in Chromium: read without JavaScript (entries, key events, older pages, permalinks), and hostile entries never run. */
describe('live blog in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  async function makeBlog(headline: string) {
    const { id, slug } = (await t.admin('POST', '/api/admin/articles', validArticle({ headline, status: 'published', editions: ['uk'] }))).json();
    const who = { actor: 'account:test', now: new Date() };
    await liveBlogs.makeLiveBlog(t.app.ctx, id, {}, who);
    const post = (fields: EntryFields) =>
      liveBlogs.createEntry(t.app.ctx, id, { writers: ['ada-reporter'], ...fields }, { as: 'publish' }, { ...who, now: new Date() });
    return { id, path: `/world/${slug}`, post };
  }

  async function axe(page: Page) {
    const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`),
      [],
    );
  }

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedBasics(t);
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reads without JavaScript: entries, key events, the older page and a permalink landing at its entry', { timeout: 120_000 }, async () => {
    const blog = await makeBlog('Count night, live');
    const first = await blog.post({ title: 'Polls close', bodyMarkdown: 'Counting begins.', keyEvent: true });
    for (let i = 2; i <= 45; i++) await blog.post({ title: `Update ${i}`, bodyMarkdown: `Result ${i} is in.`, keyEvent: i === 44 });
    const context = await localContext(browser, { javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(base + blog.path);
    assert.equal(await page.locator('.live-mark').first().textContent(), 'Live');
    assert.equal(await page.locator('#live-entries > article').first().locator('.live-entry__title').textContent(), 'Update 45');
    assert.equal(await page.locator('.key-events li').count(), 2);
    assert.match((await page.locator('.key-events li').first().textContent())!, /Update 44/);
    await page.click('text=Older entries');
    assert.equal(new URL(page.url()).pathname, `${blog.path}/page/1`);
    assert.ok(await page.locator(`#entry-${first.id}`).isVisible());
    await page.goto(`${base}${blog.path}/entry/${first.id}`);
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, `${blog.path}/page/1#entry-${first.id}`);
    assert.ok(await page.locator(`#entry-${first.id}`).isVisible());
    const box = await page.locator(`#entry-${first.id}`).boundingBox();
    assert.ok(box && box.y >= 0 && box.y < 800, 'the page opens at the entry');
    await context.close();
    // axe runs as a script, so it checks the same pages in a context with JavaScript.
    const checking = await localContext(browser);
    const checked = await watchedPage(checking, errors, dialogs);
    for (const path of [blog.path, `${blog.path}/page/1`]) {
      await checked.goto(base + path, { waitUntil: 'networkidle' });
      await axe(checked);
    }
    await checking.close();
  });

  it('shows every XSS payload in entry titles and bodies as text and never runs one', { timeout: 300_000 }, async () => {
    const blog = await makeBlog('Hostile night, live');
    const corpus = testdata.xss();
    const titles: string[] = [];
    for (let i = 0; i < corpus.length; i += 8) {
      const [title, ...text] = corpus.slice(i, i + 8) as [string, ...string[]];
      await blog.post({ title, body: [title, ...text].map((p) => ({ type: 'paragraph' as const, content: [{ text: p }] })) });
      titles.push(title);
    }
    const context = await localContext(browser);
    const page = await watchedPage(context, errors, dialogs);
    const shownTitles: string[] = [];
    const pages = (await liveBlogs.getBlog(t.db.database.db, blog.id)).lastPosition / 20;
    for (const path of [blog.path, ...Array.from({ length: Math.floor(pages) - 1 }, (_, i) => `${blog.path}/page/${i + 1}`)]) {
      await page.goto(base + path, { waitUntil: 'networkidle' });
      shownTitles.push(...(await page.locator('.live-entry__title').allTextContents()));
      assert.equal(await page.locator('.live-entry script, .live-entry img, .live-entry iframe, .live-entry svg').count(), 0, path);
      if (path === blog.path) await axe(page);
    }
    // Titles are shown as given, apart from the characters HTML cannot carry (NUL) and a trailing newline's rendering.
    const normal = (s: string) => s.replace(/\0/g, '\ufffd').replace(/\r\n?/g, '\n');
    assert.deepEqual(new Set(shownTitles.map(normal)), new Set(titles.filter((title) => title.trim()).map(normal)));
    assert.deepEqual(dialogs, [], 'no payload ran');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
