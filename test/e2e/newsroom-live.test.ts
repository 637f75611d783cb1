import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { localContext, watchedPage } from '../support/browser.ts';
import { linkBylineToAccount } from '../../src/newsroom/bylines/service.ts';
import { startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

/**
 * The live blog composer in Chromium: two writers in two browsers posting to one blog at once
 * with Ctrl/Cmd+Enter and seeing each other's entries, two readers getting them live, a draft
 * surviving a reload, an editor publishing a held entry, pinning it and marking a key event, and
 * an entry given a picture, a quote and a list with the body toolbar as readers then see it.
 */
describe('the newsroom in Chromium: live blog composer', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let staffBrowser: Newsroom['staffBrowser'];
  let blogId = '';
  let blogPath = '';
  let ada: Page;
  let ben: Page;
  let eda: Page;

  const composer = async (page: Page) => {
    await page.goto(`${base}/newsroom/articles/${blogId}/live`);
    await page.waitForSelector('body[data-composer-ready="true"]');
  };
  const write = async (page: Page, title: string, text: string) => {
    await page.fill('.live-form input[name=title]', title);
    await page.click('.live-form .ed-body');
    await page.keyboard.type(text);
  };
  const entry = (page: Page, title: string) => page.locator('.live-entry', { has: page.locator('.live-entry__title', { hasText: title }) });

  before(async () => {
    let publishedArticle: Newsroom['publishedArticle'];
    let stored: Newsroom['stored'];
    ({ t, browser, base, staffBrowser, stored, publishedArticle } = await startNewsroom(() => new Date(), errors, dialogs));
    const section = (await stored(await publishedArticle())).section.slug;
    const authors = (await t.admin('GET', '/api/admin/authors?limit=100')).json().items as { id: string; slug: string }[];
    const made = await t.admin('POST', '/api/admin/articles', {
      headline: 'Count night, as it happens',
      section,
      authors: [authors[0]!.slug],
      standfirst: 'Every seat, as it is declared.',
      bodyMarkdown: 'Results as they come in.',
      status: 'published',
    });
    assert.equal(made.statusCode, 201, made.body);
    blogId = made.json().id;
    blogPath = `/${section}/${made.json().slug}`;
    assert.equal((await t.admin('PUT', `/api/admin/articles/${blogId}/live-blog`, {})).statusCode, 201);
    const writers = [await staffBrowser('writer', 'Ada Live'), await staffBrowser('writer', 'Ben Live')];
    for (const [i, w] of writers.entries()) await linkBylineToAccount(t.app.ctx, authors[i]!.id, w.id);
    [ada, ben] = writers.map((w) => w.page) as [Page, Page];
    eda = (await staffBrowser('editor', 'Eda Live')).page;
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('two writers post at once with Ctrl/Cmd+Enter and each sees the other’s entry', async () => {
    await Promise.all([composer(ada), composer(ben)]);
    await Promise.all([write(ada, 'Turnout up in the north', 'Queues at every station.'), write(ben, 'First count declared', 'A narrow hold.')]);
    await Promise.all([ada.keyboard.press('ControlOrMeta+Enter'), ben.keyboard.press('ControlOrMeta+Enter')]);
    for (const page of [ada, ben]) {
      await entry(page, 'Turnout up in the north').waitFor();
      await entry(page, 'First count declared').waitFor();
    }
    assert.equal(await ada.inputValue('.live-form input[name=title]'), '');
    const items = (await t.admin('GET', `/api/admin/articles/${blogId}/entries`)).json().items as { status: string }[];
    assert.deepEqual(
      items.map((e) => e.status),
      ['published', 'published'],
    );
  });

  it('two readers following the blog get both writers’ entries at their click, newest first, after "Show 2 new updates"', async () => {
    const readers: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const page = await watchedPage(await localContext(browser, { viewport: { width: 1280, height: 800 } }), errors, dialogs);
      await page.goto(base + blogPath);
      await page.locator('.live-updates').waitFor({ state: 'attached' });
      readers.push(page);
    }
    for (const [page, title, text] of [
      [ada, 'River at its peak', 'The gauge reads 4.2 m.'],
      [ben, 'Sandbags handed out', 'At the town hall until dark.'],
    ] as const) {
      await composer(page);
      await write(page, title, text);
      await page.keyboard.press('ControlOrMeta+Enter');
      await entry(page, title).waitFor();
    }
    for (const page of readers) {
      const button = page.getByRole('button', { name: 'Show 2 new updates' });
      await button.waitFor({ timeout: 30_000 });
      await button.click();
      const titles = await page.locator('#live-entries > article .live-entry__title').allTextContents();
      assert.deepEqual(titles.slice(0, 2), ['Sandbags handed out', 'River at its peak']);
      await page.context().close();
    }
  });

  it('keeps a draft through a reload', async () => {
    await write(ada, 'Half written', 'Still counting in the east');
    await ada.waitForSelector('[data-save-state="saved"]');
    await ada.reload();
    await ada.waitForSelector('body[data-composer-ready="true"]');
    assert.equal(await ada.inputValue('.live-form input[name=title]'), 'Half written');
    assert.match(await ada.locator('.live-form .ed-body').innerText(), /Still counting in the east/);
    // Nobody else sees a draft.
    await composer(ben);
    assert.equal(await entry(ben, 'Half written').count(), 0);
  });

  it('holds writers’ entries when the editor says so, and the editor publishes, pins and marks a key event', async () => {
    await composer(eda);
    await eda.check('.live-controls input[type=checkbox]');
    await composer(ben);
    await ben.waitForSelector('button.primary:has-text("Send to an editor")');
    await write(ben, 'Recount called', 'In the harbour ward.');
    await ben.keyboard.press('ControlOrMeta+Enter');
    await entry(ben, 'Recount called').locator('text=Waiting for an editor').waitFor();

    const held = entry(eda, 'Recount called');
    await held.locator('button:text-is("Publish now")').click();
    await held.locator('text=Published').waitFor();
    await held.locator('button:text-is("Pin")').click();
    await held.locator('text=Pinned').waitFor();
    await held.locator('button:text-is("Key event")').click();
    await held.locator('text=Key event').first().waitFor();
    await entry(ben, 'Recount called').locator('.live-entry__meta', { hasText: 'Pinned' }).waitFor();
    await entry(ada, 'Recount called').locator('.live-entry__meta', { hasText: 'Key event' }).waitFor();
  });

  it('edits an entry in place, and shows both texts when someone else saved first', async () => {
    await composer(ada);
    const id = await entry(ada, 'Turnout up in the north').getAttribute('data-entry-id');
    const mine = ada.locator(`.live-entry[data-entry-id="${id}"]`);
    await mine.locator('button:text-is("Edit")').click();
    await mine.locator('.live-edit input[name=title]').fill('Turnout up across the north');
    const now = (await t.admin('GET', `/api/admin/articles/${blogId}/entries/${id}`)).json();
    await t.admin('PATCH', `/api/admin/articles/${blogId}/entries/${id}`, { title: 'Turnout record in the north', version: now.version });
    await mine.locator('.live-edit button[type=submit]').click();
    await ada.locator('.live-edit__conflict', { hasText: 'Turnout record in the north' }).waitFor();
    await ada.locator('.live-edit__conflict button:text-is("Keep mine")').click();
    await entry(ada, 'Turnout up across the north').locator('.live-entry__meta', { hasText: 'Updated' }).waitFor();
  });

  it('puts a picture from the media library, a quote and a list in an entry with the toolbar, and readers see them', async () => {
    await composer(eda);
    const tool = (label: string) => eda.locator(`.live-form button.tool:text-is("${label}")`);
    await eda.fill('.live-form input[name=title]', 'Polls close');
    // The editor has no byline of their own: the entry is the first writer's.
    await eda.selectOption('.live-form select[name=writers]', { index: 0 });
    await eda.click('.live-form .ed-body');
    await eda.keyboard.type('The doors are shut.');
    await tool('Image').click();
    await eda.locator('dialog.picker .media-grid__pick').first().click();
    await eda.fill('.live-form .ed-atom--image input[data-attr="alt"]', 'Voters queue outside the town hall');
    // Enter in the picture's field stays there: the entry is not sent half written.
    await eda.press('.live-form .ed-atom--image input[data-attr="alt"]', 'Enter');
    await eda.locator('.live-form .ed-body > p').last().click();
    await tool('Quote').click();
    await eda.keyboard.type('Every vote counts tonight.');
    await eda.keyboard.press('Enter');
    await tool('Bulleted list').click();
    await eda.keyboard.type('North: 61%');
    await eda.keyboard.press('Enter');
    await eda.keyboard.type('South: 58%');
    assert.equal(await entry(eda, 'Polls close').count(), 0, 'not sent by Enter in a field');
    await eda.keyboard.press('ControlOrMeta+Enter');
    await eda.waitForSelector('.live-composer > .notice');
    assert.equal(await eda.locator('.live-composer > .notice').innerText(), 'Published.');
    await entry(eda, 'Polls close').locator('text=Published').waitFor();

    const sent = (await t.admin('GET', `/api/admin/articles/${blogId}/entries`)).json().items.find((e: { title: string }) => e.title === 'Polls close');
    assert.deepEqual(
      sent.body.map((b: { type: string }) => b.type),
      ['paragraph', 'image', 'quote', 'list'],
    );
    const reader = await staffBrowser('writer', 'Rea Reader');
    await reader.page.goto(`${base}${new URL((await t.admin('GET', `/api/admin/articles/${blogId}`)).json().url, base).pathname}`);
    const shown = entry(reader.page, 'Polls close');
    await shown.locator('img[alt="Voters queue outside the town hall"]').waitFor();
    assert.match(await shown.locator('blockquote').innerText(), /Every vote counts tonight\./);
    assert.deepEqual(await shown.locator('li').allInnerTexts(), ['North: 61%', 'South: 58%']);
    await reader.context.close();
  });

  it('is accessible and fits a phone', async () => {
    await eda.setViewportSize({ width: 375, height: 800 });
    const result = await new AxeBuilder({ page: eda }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
    assert.ok(await eda.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
    assert.deepEqual(errors, []);
  });
});
