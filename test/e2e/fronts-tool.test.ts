import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { SHOTS, startNewsroom, type Newsroom } from './newsroom.fixtures.ts';
import { LONG, addFound, dragOnto, search, axeClean, cardsOf, openFront, positionsOnPage, publish, saveDraft } from './fronts-tool.fixtures.ts';

/**
 * The fronts tool in Chromium: an editor builds the UK front from nothing with the mouse and
 * the keyboard and readers see it; breaking news leads in a few clicks; two editors on one
 * front; axe on the list and the tool. Each step waits on the server's answer or on what the
 * page shows, never on a fixed sleep.
 */
describe('the fronts tool in Chromium', () => {
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

  /** The UK front as a reader sees it, fresh (the page cache was purged by the publish). */
  async function readerSees(texts: string[]): Promise<number[]> {
    const context = await newContext();
    const page = await open(context);
    await page.goto(`${base}/uk`);
    const positions = await positionsOnPage(page, texts);
    await page.screenshot({ path: path.join(SHOTS, 'fronts-reader-uk.png') });
    await context.close();
    return positions;
  }

  it(
    'an editor builds the UK front from nothing, reorders by drag and by keyboard, overrides a headline and publishes; a reader sees it',
    { timeout: 240_000 },
    async () => {
      const { context, page } = await staffBrowser('editor', 'Fern Front-Editor');
      await page.goto(`${base}/newsroom`);
      await page.click('a[href="/newsroom/fronts"]');
      await page.locator('h1', { hasText: 'Fronts' }).waitFor(LONG);
      await axeClean(page, 'the fronts list');
      await openFront(page, base, 'UK edition');
      await axeClean(page, 'the fronts tool');

      // From nothing: the starting containers go, by their Remove buttons.
      while ((await page.locator('.ft-container').count()) > 0) await page.locator('.ft-container__actions [data-action="remove"]').first().click();
      await page.locator('text=This front has no containers yet').waitFor(LONG);

      // Two containers: a lead and a row.
      await page.click('#ft-add-container');
      await page.locator('.ft-container').nth(0).locator('input[id$="-title"]').fill('Today');
      await page.locator('.ft-container').nth(0).locator('select[id$="-layout"]').selectOption('lead');
      await page.click('#ft-add-container');
      await page.locator('.ft-container').nth(1).locator('input[id$="-title"]').fill('Around the country');
      await page.locator('.ft-container').nth(1).locator('select[id$="-layout"]').selectOption('row');

      // Stories by search: each added at the top, so the last added leads.
      const heat = await addFound(page, 'Heat pump installations', 0);
      const flood = await addFound(page, 'Flood defences held', 0);
      const library = await addFound(page, 'A town library', 0);
      assert.deepEqual(await cardsOf(page, 0), [library, flood, heat]);

      // A search result dragged onto the second container, then a card dragged from there onto the
      // library story in the lead container (a dropped story takes the place of the one it lands on).
      await search(page, 'Renters spend a third');
      const result = page.locator('.ft-result', { hasText: 'Renters spend a third' }).first();
      const renters = (await result.getAttribute('data-story'))!;
      await dragOnto(page, result.locator('strong'), page.locator('.ft-container').nth(1).locator('.ft-cards__end'));
      await page.locator('.ft-container').nth(1).locator(`[data-card="${renters}"]`).waitFor(LONG);
      await dragOnto(page, page.locator(`[data-card="${renters}"] .ft-card__headline`), page.locator(`[data-card="${library}"] .ft-card__headline`));
      await page.locator('.ft-container').nth(0).locator(`[data-card="${renters}"]`).waitFor(LONG);
      assert.deepEqual(await cardsOf(page, 0), [renters, library, flood, heat]);

      // By keyboard: Move down keeps the focus on the moved story and says where it went.
      await page.locator(`[data-card="${renters}"] [data-action="down"]`).focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-announce]', { hasText: 'position 2 of 4 in Today' }).waitFor(LONG);
      assert.deepEqual(await cardsOf(page, 0), [library, renters, flood, heat]);
      // The tool puts the focus back after it re-renders the moved card, which can land a moment
      // after the announcement under load: wait for it to settle, then check where it is.
      await page.waitForFunction(
        (card) => {
          const active = document.activeElement as HTMLElement | null;
          return active?.dataset.action === 'down' && (active.closest('[data-card]') as HTMLElement | null)?.dataset.card === card;
        },
        renters,
        LONG,
      );
      assert.equal(await page.evaluate(() => (document.activeElement?.closest('[data-card]') as HTMLElement | null)?.dataset.card), renters);
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.action), 'down');
      // Move to container… from the keyboard: the heat pump story goes to the row.
      await page.locator(`[data-card="${heat}"] [data-action="to"]`).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.closest('.ft-card__targets'), undefined, LONG);
      await page.keyboard.press('Enter');
      await page.locator('[data-announce]', { hasText: 'in Around the country' }).waitFor(LONG);
      assert.deepEqual(await cardsOf(page, 1), [heat]);

      // A headline for this front only.
      await page.locator(`[data-card="${library}"] [data-action="edit"]`).click();
      await page.fill(`#card-${library}-headline`, 'Queues at the reopened library');
      await page.locator(`[data-card="${library}"] .ft-card__headline`, { hasText: 'Queues at the reopened library' }).waitFor(LONG);

      assert.equal(await saveDraft(page), 200);
      await page.locator('[data-save-state="saved"]').waitFor(LONG);
      // The saved draft in the preview, at a desktop's and a phone's width, before anything is published.
      for (const width of ['desktop, 1280 px', 'phone, 390 px'])
        await page.frameLocator(`iframe[title="Preview, ${width}"]`).locator('main', { hasText: 'Queues at the reopened library' }).waitFor(LONG);
      await publish(page);
      await page.screenshot({ path: path.join(SHOTS, 'fronts-tool.png'), fullPage: true });

      const [lead, second, third, row] = await readerSees([
        'Queues at the reopened library',
        'Renters spend a third',
        'Flood defences held',
        'Heat pump installations',
      ]);
      assert.ok(lead! >= 0 && lead! < second! && second! < third! && third! < row!, `the reader sees the editor's order: ${[lead, second, third, row]}`);
      await context.close();
    },
  );

  it('breaking news: a new story is boosted to lead in a few clicks, and readers see it lead', { timeout: 180_000 }, async () => {
    const author = (await t.admin('GET', '/api/admin/authors')).json().items[0].slug as string;
    const created = await t.admin('POST', '/api/admin/articles', {
      authors: [author],
      headline: 'Bridge closed after ship strikes pier',
      standfirst: 'Traffic is diverted while engineers inspect the span.',
      bodyMarkdown: 'The bridge was closed at dawn.',
      section: 'uk-news',
      editions: ['uk'],
      status: 'published',
    });
    assert.equal(created.statusCode, 201, created.body);
    const { context, page } = await staffBrowser('editor', 'Bea Breaking');
    const started = Date.now();
    await openFront(page, base, 'UK edition');
    // Into the front's lead container, whichever it is.
    const lead = await page
      .locator('.ft-container select[id$="-layout"]')
      .evaluateAll((selects) => selects.findIndex((select) => (select as HTMLSelectElement).value === 'lead'));
    assert.ok(lead >= 0, 'the front has a lead container');
    const story = await addFound(page, 'Bridge closed after ship', lead);
    await page.locator(`[data-card="${story}"] [data-action="boost"]`).click();
    await page.locator(`[data-card="${story}"].ft-card--boosted`).waitFor(LONG);
    await publish(page);
    assert.ok(Date.now() - started < 60_000, 'from opening the tool to publishing in under a minute');
    const reader = await open(await newContext());
    await reader.goto(`${base}/uk`);
    assert.equal(
      (await reader.locator('main .card__headline').first().innerText()).trim(),
      'Bridge closed after ship strikes pier',
      'the breaking story leads',
    );
    await reader.context().close();
    await context.close();
  });

  it(
    'two editors on one front: each sees the other, the second gets the first one’s save, and a stale save shows both versions',
    { timeout: 240_000 },
    async () => {
      const first = await staffBrowser('editor', 'Ada Early');
      const second = await staffBrowser('editor', 'Bo Later');
      await openFront(first.page, base, 'UK edition');
      await openFront(second.page, base, 'UK edition');
      await first.page.locator('.ft-bar__editors', { hasText: 'Bo Later' }).waitFor(LONG);
      await second.page.locator('.ft-bar__editors', { hasText: 'Ada Early' }).waitFor(LONG);
      const title = (page: typeof first.page) => page.locator('.ft-container').nth(1).locator('input[id$="-title"]');

      // The first saves; the second, with nothing unsaved, is moved onto that version by its heartbeat.
      await title(first.page).fill('Across the nations');
      assert.equal(await saveDraft(first.page), 200);
      await second.page.waitForFunction(
        () => (document.querySelectorAll('.ft-container')[1]?.querySelector('input[id$="-title"]') as HTMLInputElement | null)?.value === 'Across the nations',
        undefined,
        LONG,
      );

      // Both change it; the first saves, so the second's save is stale and shows both versions.
      await title(second.page).fill('From every region');
      await title(first.page).fill('Around the nations');
      assert.equal(await saveDraft(first.page), 200);
      assert.equal(await saveDraft(second.page), 409);
      const conflict = second.page.locator('.ft-conflict');
      await conflict.waitFor(LONG);
      assert.match(await conflict.innerText(), /Ada Early saved this front while you were changing it/);
      assert.match(await conflict.locator('.ft-conflict__version').nth(0).innerText(), /From every region/);
      assert.match(await conflict.locator('.ft-conflict__version').nth(1).innerText(), /Around the nations[\s\S]*/);
      assert.match(await conflict.locator('.ft-conflict__version h3').nth(1).innerText(), /saved by Ada Early/);
      await axeClean(second.page, 'the fronts tool showing a stale save');

      // The second keeps their own, saved over the first's version.
      const saved = second.page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/draft'), LONG);
      await second.page.click('.ft-conflict button:has-text("Save mine over theirs")');
      assert.equal((await saved).status(), 200);
      await second.page.locator('[data-save-state="saved"]').waitFor(LONG);
      await first.page.waitForFunction(
        () => (document.querySelectorAll('.ft-container')[1]?.querySelector('input[id$="-title"]') as HTMLInputElement | null)?.value === 'From every region',
        undefined,
        LONG,
      );
      await first.context.close();
      await second.context.close();
    },
  );

  it('schedules a layout and cancels it, and restores an earlier published version from the history', { timeout: 180_000 }, async () => {
    const { context, page } = await staffBrowser('editor', 'Hal History');
    await openFront(page, base, 'UK edition');
    const scheduled = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/schedules'), LONG);
    await page.click('.ft-bar button:has-text("Schedule")');
    assert.equal((await scheduled).status(), 201);
    const cancel = page.locator('.ft-bar__schedules button', { hasText: 'Cancel' });
    await cancel.waitFor(LONG);
    await cancel.click();
    await page.locator('.ft-bar__message', { hasText: 'The schedule is cancelled' }).waitFor(LONG);
    assert.equal(await page.locator('.ft-bar__schedules').count(), 0);

    await page.click('.ft-history button:has-text("Show published versions")');
    const restore = page.locator('.ft-history__list button', { hasText: 'Restore version' }).last();
    await restore.waitFor(LONG);
    const number = Number((await restore.innerText()).replace(/\D+/g, ''));
    const restored = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/restore'), LONG);
    await restore.click();
    assert.equal((await restored).status(), 200);
    await page.locator('.ft-bar__message', { hasText: `Version ${number} is published again` }).waitFor(LONG);
    await page.locator('.ft-history__list li', { hasText: `restored from ${number}` }).waitFor(LONG);
    await context.close();
  });

  it('the pages reported no script errors and opened no dialogs', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
  });
});
