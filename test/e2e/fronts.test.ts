import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, localContext } from '../support/browser.ts';
import { publishFrontForTest } from '../support/fronts.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import type { Container } from '../../src/fronts/index.ts';

const SHOTS = path.resolve('.test-artifacts/screenshots');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A published front with every container layout, in Chromium: accessible, and whole on a phone. */
describe('fronts in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedDemo(t.db.database, t.storage);
    t.app.ctx.events.everythingChanged();
    await t.app.listen({ host: '127.0.0.1', port });
    const ids = ((await t.get('/api/content/articles?limit=40')).json().items as { id: string }[]).map((a) => a.id);
    const cards = (from: number, count: number, extra: Partial<Container['cards'][number]> = {}) =>
      ids.slice(from, from + count).map((articleId) => ({ articleId, ...extra }));
    const container = (id: string, layout: Container['layout'], size: number, from: number): Container => ({
      id,
      title: `${layout} container`,
      layout,
      mode: 'curated',
      size,
      cards: cards(from, size),
    });
    const lead = container('lead', 'lead', 3, 1);
    lead.cards[0] = {
      ...lead.cards[0]!,
      boosted: true,
      overrides: { headline: 'An editor’s <b>own</b> headline', kicker: 'Exclusive', focal: { x: 0.2, y: 0.3 } },
    };
    const top = container('top', 'top', 4, 4);
    top.cards[0] = { ...top.cards[0]!, boosted: true };
    await publishFrontForTest(
      t.app,
      { kind: 'edition', edition: 'uk' },
      {
        containers: [
          container('breaking', 'breaking', 1, 0),
          lead,
          top,
          container('row', 'row', 4, 8),
          container('opinion', 'opinion', 3, 12),
          { id: 'list', title: 'More news', layout: 'headlines', mode: 'automatic', size: 8, cards: [], source: {} },
        ],
      },
    );
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const width of [390, 1280]) {
    it(`shows every layout at ${width} px, accessible (WCAG 2.2 AA), no console errors, no sideways scroll`, async () => {
      const context = await localContext(browser, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      const response = await page.goto(`${base}/uk`, { waitUntil: 'networkidle' });
      assert.equal(response?.status(), 200);
      for (const layout of ['breaking', 'lead', 'top', 'row', 'opinion', 'headlines'])
        assert.ok(await page.locator(`section.fc--${layout}`).first().isVisible(), `${layout} at ${width}px`);
      assert.equal(await page.locator('.fc--lead .card__headline').first().textContent(), 'An editor’s <b>own</b> headline');
      const lead = await page
        .locator('.fc--lead img')
        .first()
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      assert.ok(lead, 'the lead picture loads');
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
      const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      assert.deepEqual(
        result.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        ),
        [],
      );
      assert.deepEqual(errors, []);
      await page.screenshot({ path: path.join(SHOTS, `front-uk-${width}.png`), fullPage: true });
      await context.close();
    });
  }
});
