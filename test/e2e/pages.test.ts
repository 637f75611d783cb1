import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { SHOTS, ready, startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
async function accessible(page: Page, name: string) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  assert.deepEqual(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${name} has no WCAG 2.2 AA violations`,
  );
}

/** The site's own pages in Chromium: an editor writes one in the block editor and publishes it; a reader finds it in the footer. */
describe('the site’s own pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let staffBrowser: Newsroom['staffBrowser'];
  let newContext: Newsroom['newContext'];
  let open: Newsroom['open'];

  before(async () => {
    ({ t, browser, base, staffBrowser, newContext, open } = await startNewsroom(() => new Date(), errors, dialogs));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an editor writes a page in the block editor and publishes it; a reader opens it from the footer', async () => {
    const { context, page } = await staffBrowser('editor', 'Page Writer');
    await page.goto(`${base}/newsroom`);
    await page.click('a:text-is("Pages")');
    await accessible(page, 'the list of pages');
    await page.click('a:text-is("New page")');
    await accessible(page, 'the new page form');
    await page.fill('#title', 'Accessibility statement');
    await page.click('button:text-is("Create the draft")');
    await ready(page);
    assert.equal(await page.locator('button.tool:text-is("Related story")').count(), 0);
    await page.fill('#summary', 'How we make the site work for everyone.');
    await page.click('.ed-body');
    await page.keyboard.type('We test every page with a keyboard and a screen reader.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('## Tell us');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Write to us if something is hard to use.');
    await accessible(page, 'the page editor');
    await page.click('button:text-is("Save")');
    await page.waitForSelector('.notice:text-is("Saved.")');
    await page.click('button:text-is("Publish")');
    await page.waitForSelector('.notice:text("Published")');
    await page.screenshot({ path: path.join(SHOTS, 'page-editor.png'), fullPage: true });
    const revisions = await page.locator('.page-history__list li').count();
    assert.equal(revisions, 3);

    const listed = (await t.admin('GET', '/api/admin/pages')).json().items.find((p: { slug: string }) => p.slug === 'accessibility-statement');
    assert.equal(listed.state, 'published');
    assert.deepEqual(
      listed.body.map((b: { type: string }) => b.type),
      ['paragraph', 'heading', 'paragraph'],
    );
    await context.close();

    const reader = await newContext();
    const readerPage = await open(reader);
    await readerPage.goto(`${base}/uk`);
    await readerPage.click('.site-footer a:text-is("Accessibility statement")');
    assert.equal(await readerPage.locator('h1').innerText(), 'Accessibility statement');
    assert.match(await readerPage.locator('.article__body').innerText(), /Write to us if something is hard to use\./);
    await accessible(readerPage, 'a reader page');
    await readerPage.goto(`${base}/info/privacy`);
    await accessible(readerPage, 'the privacy notice');
    await reader.close();
  });

  it('an editor restores a revision from the history by keyboard, and a stale save shows both sides from its 409', async () => {
    const paragraph = (text: string) => ({ type: 'paragraph', content: [{ text }] });
    const made = (await t.admin('POST', '/api/admin/pages', { title: 'Press contacts', body: [paragraph('Call the desk.')] })).json();
    await t.admin('PUT', `/api/admin/pages/${made.id}`, { version: 1, title: 'Press desk', body: [paragraph('Email the desk.')] });
    const { context, page } = await staffBrowser('editor', 'Page Restorer');
    await page.goto(`${base}/newsroom/pages/${made.id}`);
    await ready(page);
    assert.equal(await page.locator('button:text-is("Restore version 2")').count(), 0, 'the current version is not offered');
    await page.locator('button:text-is("Restore version 1")').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.notice:text("Version 1 restored")');
    // Focus stays on the button pressed, though the history grew above it.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Restore version 1');
    assert.equal(await page.inputValue('#title'), 'Press contacts');
    assert.match(await page.locator('.ed-body').innerText(), /Call the desk\./);
    assert.match(await page.locator('.page-history__list li').first().innerText(), /^Version 3\s+restored from revision 1 by Page Restorer/);
    await accessible(page, 'the page history after a restore');

    // Someone saves meanwhile: the editor's save is refused, and the conflict view shows what the 409 carried.
    await t.admin('PUT', `/api/admin/pages/${made.id}`, { version: 3, title: 'Press office' });
    const reads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && request.url().includes(`/newsroom/api/pages/${made.id}`)) reads.push(request.url());
    });
    await page.fill('#title', 'Press contacts and hours');
    await page.click('button:text-is("Save")');
    await page.waitForSelector('.conflict h3:text("Saved version 4")');
    assert.match(await page.locator('.conflict').innerText(), /Press office/);
    assert.match(await page.locator('.conflict').innerText(), /Press contacts and hours/);
    assert.deepEqual(reads, [], 'the page is not read again to show the conflict');
    await accessible(page, 'the page conflict view');
    await page.click('button:text-is("Keep my version")');
    await page.waitForSelector('.notice:text-is("Saved.")');
    const saved = (await t.admin('GET', `/api/admin/pages/${made.id}`)).json();
    assert.equal(saved.version, 5);
    assert.equal(saved.title, 'Press contacts and hours');
    await context.close();
  });

  it('ran without script errors or unexpected dialogs', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
  });
});
