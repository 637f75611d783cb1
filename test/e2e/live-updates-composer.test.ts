import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { localContext, watchedPage } from '../support/browser.ts';
import { linkBylineToAccount } from '../../src/newsroom/bylines/service.ts';
import { startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

/** Two writers post from the newsroom's live blog composer while two readers follow the blog: each entry reaches both readers at their click, in order. */
describe('live blog updates in Chromium, written in the composer', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let staffBrowser: Newsroom['staffBrowser'];
  let blog = { id: '', path: '' };
  /** The two writers' signed-in pages. */
  let staffPages: Page[] = [];

  before(async () => {
    let publishedArticle: Newsroom['publishedArticle'];
    let stored: Newsroom['stored'];
    ({ t, browser, base, staffBrowser, stored, publishedArticle } = await startNewsroom(() => new Date(), errors, dialogs));
    const section = (await stored(await publishedArticle())).section.slug;
    const authors = (await t.admin('GET', '/api/admin/authors?limit=100')).json().items as { id: string; slug: string }[];
    const made = await t.admin('POST', '/api/admin/articles', {
      headline: 'Flood watch, live',
      section,
      authors: [authors[0]!.slug],
      standfirst: 'The river, hour by hour.',
      bodyMarkdown: 'Updates as they come.',
      status: 'published',
    });
    assert.equal(made.statusCode, 201, made.body);
    blog = { id: made.json().id, path: `/${section}/${made.json().slug}` };
    assert.equal((await t.admin('PUT', `/api/admin/articles/${blog.id}/live-blog`, {})).statusCode, 201);
    const writers = [await staffBrowser('writer', 'Ada Flood'), await staffBrowser('writer', 'Ben Flood')];
    for (const [i, w] of writers.entries()) await linkBylineToAccount(t.app.ctx, authors[i]!.id, w.id);
    staffPages = writers.map((w) => w.page);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('entries posted by two writers with Ctrl/Cmd+Enter appear for two readers, newest first, after "Show 2 new updates"', { timeout: 180_000 }, async () => {
    const readers: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await watchedPage(await localContext(browser, { viewport: { width: 1280, height: 800 } }), errors, dialogs);
      await page.goto(base + blog.path);
      await page.locator('.live-updates').waitFor({ state: 'attached' });
      readers.push(page);
    }
    const post = async (page: Page, title: string, text: string) => {
      await page.goto(`${base}/newsroom/articles/${blog.id}/live`);
      await page.waitForSelector('body[data-composer-ready="true"]');
      await page.fill('.live-form input[name=title]', title);
      await page.click('.live-form .ed-body');
      await page.keyboard.type(text);
      await page.keyboard.press('ControlOrMeta+Enter');
      await page.locator('.live-entry__title', { hasText: title }).first().waitFor();
    };
    await post(staffPages[0]!, 'River at its peak', 'The gauge reads 4.2 m.');
    await post(staffPages[1]!, 'Sandbags handed out', 'At the town hall until dark.');
    for (const page of readers) {
      const button = page.getByRole('button', { name: 'Show 2 new updates' });
      await button.waitFor({ timeout: 30_000 });
      await button.click();
      const titles = await page.locator('#live-entries > article .live-entry__title').allTextContents();
      assert.deepEqual(titles.slice(0, 2), ['Sandbags handed out', 'River at its peak']);
      await page.context().close();
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
  });
});
