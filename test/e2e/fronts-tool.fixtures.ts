import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';

/**
 * What the fronts tool's browser tests share: opening a front from the list, finding and
 * adding stories, saving and publishing with a wait on the server's answer (never a fixed
 * sleep: the machine may be busy), and the axe check.
 */
export const LONG = { timeout: 60_000 };

export const toolReady = (page: Page) => page.waitForSelector('body[data-fronts-ready="true"]', LONG);

/** Opens a front by its name in the list (opening it first if no editor ever has). */
export async function openFront(page: Page, base: string, name: string): Promise<string> {
  await page.goto(`${base}/newsroom/fronts`);
  const row = page.locator('tr', { has: page.locator('th', { hasText: name }) }).first();
  const link = row.locator('th a');
  if (await link.count()) await link.click();
  else await row.locator('th button').click();
  await page.waitForURL(/\/newsroom\/fronts\/[0-9a-f-]{36}$/, LONG);
  await toolReady(page);
  return page.url().split('/').pop()!;
}

/** The stories a search shows, once the server has answered it. */
export async function search(page: Page, q: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes('/newsroom/api/fronts/stories') && new URL(r.url()).searchParams.get('q') === q, LONG);
  await page.fill('#ft-search-q', q);
  await answered;
  await page.locator('.ft-result', { hasText: q }).first().waitFor(LONG);
}

/** Finds the story whose headline has `q` and adds it at the top of container number `index` (from 0); returns its article id. */
export async function addFound(page: Page, q: string, index: number): Promise<string> {
  await search(page, q);
  await page.selectOption('#ft-search-target', String(index));
  const result = page.locator('.ft-result', { hasText: q }).first();
  const id = (await result.getAttribute('data-story'))!;
  await result.locator('button').click();
  await page.locator(`[data-card="${id}"]`).waitFor(LONG);
  return id;
}

/**
 * Drags with the mouse as a person does (press, move a little, move to the target, release):
 * the target is scrolled into view first, the tool keeps its search in view beside it.
 */
export async function dragOnto(page: Page, source: Locator, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  // Below the tool's sticky save bar, so the drop lands on the target and not on the bar.
  const shown = (await target.boundingBox())!;
  await page.evaluate((dy) => window.scrollBy(0, dy), shown.y - 200);
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + 5, from.y + 5);
  await page.mouse.down();
  await page.mouse.move(from.x + 15, from.y + 15, { steps: 4 });
  await page.mouse.move(to.x + 10, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** The article ids of a container's cards, in order. */
export const cardsOf = (page: Page, containerIndex: number) =>
  page
    .locator('.ft-container')
    .nth(containerIndex)
    .locator('[data-card]')
    .evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.card!));

const answer = (page: Page, method: string, path: RegExp) =>
  page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname), LONG);

export async function saveDraft(page: Page): Promise<number> {
  const saved = answer(page, 'PUT', /\/newsroom\/api\/fronts\/[^/]+\/draft$/);
  await page.click('.ft-bar button:has-text("Save draft")');
  return (await saved).status();
}

export async function publish(page: Page): Promise<void> {
  const published = answer(page, 'POST', /\/newsroom\/api\/fronts\/[^/]+\/publish$/);
  await page.click('.ft-bar button:has-text("Publish")');
  assert.equal((await published).status(), 200);
  await page.locator('.ft-bar__message', { hasText: 'Published as version' }).waitFor(LONG);
}

/** Where each text first appears in the reader page's main content (-1 when absent). */
export async function positionsOnPage(page: Page, texts: string[]): Promise<number[]> {
  const main = await page.locator('main').innerText();
  return texts.map((text) => main.indexOf(text));
}

export async function axeClean(page: Page, name: string): Promise<void> {
  // The preview frames hold reader pages, drawn scaled down to fit the tool (so their links measure
  // smaller than a reader sees them); the site's own browser tests check those pages at 390 and 1280 px.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).exclude('.ft-preview iframe').analyze();
  assert.deepEqual(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `${name} has no WCAG 2.2 AA violations`,
  );
}
