import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { localContext } from '../support/browser.ts';
import { SHOTS, startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

/**
 * Navigation in Chromium: an editor gives a header item a sub-item and moves it up, with the
 * plain forms (every button a submit button); a reader sees it in the header's sections bar
 * and opens the sub-menu from the keyboard. Both pages are checked with axe.
 */
describe('navigation in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let open: Newsroom['open'];
  let newContext: Newsroom['newContext'];
  let staffBrowser: Newsroom['staffBrowser'];
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    ({ t, browser, base, open, newContext, staffBrowser } = await startNewsroom(() => new Date(), errors, dialogs));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function axeClean(page: Page, name: string) {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
      `${name} has no WCAG 2.2 AA violations`,
    );
    await page.screenshot({ path: path.join(SHOTS, `navigation-${name}.png`), fullPage: true });
  }

  it('an editor adds a sub-item and reorders; a reader sees it in the header', async () => {
    const { context, page } = await staffBrowser('editor', 'Noor Navigator');
    await page.goto(`${base}/newsroom`);
    await page.click('a[href="/newsroom/navigation"]');
    await page.waitForURL(`${base}/newsroom/navigation`);
    await axeClean(page, 'newsroom');

    const header = page.locator('form[action="/newsroom/navigation/uk/header"]');
    const culture = await header
      .locator('input[name^="label-"]')
      .evaluateAll((inputs) => inputs.findIndex((i) => (i as HTMLInputElement).value === 'Culture' && /^label-\d+$/.test((i as HTMLInputElement).name)));
    assert.ok(culture >= 0, 'the demo header has Culture');
    const index = Number((await header.locator('input[name^="label-"]').nth(culture).getAttribute('name'))!.split('-')[1]);

    // Add a sub-item under Culture: the form comes back with an empty row, nothing saved yet.
    await header.locator(`button[value="add-child-${index}"]`).click();
    await page.waitForSelector(`input[name="label-${index}-0"]`);
    await page.fill(`form[action$="/header"] input[name="label-${index}-0"]`, 'Books and ideas');
    await page.fill(`form[action$="/header"] input[name="url-${index}-0"]`, '/culture');
    // Move Culture up one place, by keyboard: focus its button and press Enter.
    await page.focus(`form[action$="/header"] button[value="up-${index}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`form[action$="/header"] input[name="label-${index - 1}"][value="Culture"]`);
    assert.equal(await page.inputValue(`form[action$="/header"] input[name="label-${index - 1}-0"]`), 'Books and ideas', 'the typed sub-item moved with it');
    await page.click('form[action$="/header"] button[value="save"]');
    await page.waitForURL(/saved=header/);
    assert.match((await page.textContent('.form-notice')) ?? '', /header menu was saved/);
    await context.close();

    // A reader, on a fresh browser: the header shows Culture one place earlier, with its sub-menu.
    const readerContext = await newContext();
    const reader = await open(readerContext);
    await reader.goto(`${base}/uk`);
    const top = await reader.locator('.sections__list > li > a').allTextContents();
    assert.equal(top[index - 1], 'Culture');
    const item = reader.locator('.sections__item', { has: reader.locator('a', { hasText: 'Culture' }) });
    const submenu = item.locator('.sections__more ul a', { hasText: 'Books and ideas' });
    assert.equal(await submenu.isVisible(), false, 'closed until asked');
    await item.locator('summary').focus();
    await reader.keyboard.press('Enter');
    await submenu.waitFor({ state: 'visible' });
    assert.equal(await item.locator('details').getAttribute('open'), '');
    await axeClean(reader, 'reader-open-submenu');
    await reader.keyboard.press('Tab');
    assert.equal(await reader.evaluate(() => document.activeElement?.textContent), 'Books and ideas', 'the sub-menu is next in the tab order');
    await readerContext.close();

    // On a 320 px phone every sub-menu opens inside the screen.
    const phoneContext = await localContext(browser, { viewport: { width: 320, height: 640 } });
    const phone = await open(phoneContext);
    await phone.goto(`${base}/uk`);
    const summaries = await phone.locator('.sections__more summary').all();
    assert.ok(summaries.length > 1);
    for (const summary of summaries) {
      await summary.click();
      assert.equal(await phone.locator('.sections__more[open]').count(), 1);
      assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 320), 'nothing scrolls sideways');
      if (summary !== summaries.at(-1)) await summary.click();
    }
    await phone.screenshot({ path: path.join(SHOTS, 'navigation-phone-open.png'), fullPage: true });
    await phoneContext.close();
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
  });
});
