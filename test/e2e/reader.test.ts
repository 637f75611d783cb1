import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, localContext } from '../support/browser.ts';
import { testdata } from '../support/testdata.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';

const SHOTS = path.resolve('.test-artifacts/screenshots');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

describe('reader site in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articlePath: string;

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedDemo(t.db.database, t.storage);
    t.app.ctx.events.everythingChanged(); // the demo went in behind the running app's back
    await t.app.listen({ host: '127.0.0.1', port });
    const items = (await t.get('/api/content/articles?limit=100')).json().items as { url: string; corrections: unknown[] }[];
    // The corrected demo article has every part: hero, quote, related story, topics, correction.
    articlePath = new URL(items.find((a) => a.corrections.length && a.url.includes('pacific-leaders'))!.url).pathname;
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(url: string, width: number): Promise<{ page: Page; errors: string[] }> {
    const context = await localContext(browser, { viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    const response = await page.goto(base + url, { waitUntil: 'networkidle' });
    assert.equal(response?.status(), 200, url);
    return { page, errors };
  }

  for (const width of [375, 1280]) {
    it(`shows every part of the article page at ${width} px, without console errors`, async () => {
      const { page, errors } = await open(articlePath, width);
      const visible = async (selector: string) => assert.ok(await page.locator(selector).first().isVisible(), `${selector} at ${width}px`);
      for (const selector of [
        '.breadcrumb a',
        'h1.article__headline',
        '.article__standfirst',
        '.byline a[rel=author]',
        '.dateline time',
        '.updated time',
        'a.comment-link',
        '.figure img',
        '.figure figcaption',
        '.article__body p',
        '.quote',
        '.related a',
        '.topics a',
        '.corrections',
      ]) {
        await visible(selector);
      }
      assert.match((await page.locator('.dateline time').textContent())!, /\d{2}:\d{2} (GMT|BST|EST|EDT)$/);
      const hero = await page
        .locator('.figure img')
        .evaluate((img: HTMLImageElement) => ({ loaded: img.complete && img.naturalWidth > 0, src: img.currentSrc }));
      assert.ok(hero.loaded, 'the hero image loads');
      assert.match(hero.src, /\.(avif|webp|jpg)$/);
      // Nothing wider than the screen on a phone.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scroll');
      await page.screenshot({ path: path.join(SHOTS, `article-${width}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  for (const url of ['ARTICLE', '/uk', '/news', '/search?q=summit', '/author/maya-okonkwo']) {
    it(`has no accessibility violations (WCAG 2.2 AA): ${url}`, async () => {
      const { page } = await open(url === 'ARTICLE' ? articlePath : url, 1280);
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
      await page.context().close();
    });
  }

  it('works from the keyboard: skip link, navigation and search', async () => {
    const { page } = await open(articlePath, 1280);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is visible');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'content');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => (document.activeElement as HTMLAnchorElement).closest('.breadcrumb') !== null),
      true,
      'the next stop is the first link in the article',
    );
    await page.focus('#site-search');
    await page.keyboard.type('harbour');
    await Promise.all([page.waitForURL(/\/search\?q=harbour/), page.keyboard.press('Enter')]);
    await page.locator('.result mark').first().waitFor({ state: 'visible' });
    await page.context().close();
  });

  it('hydrates the edition island and remembers the choice', async () => {
    const { page } = await open('/uk', 1280);
    await page.waitForFunction(() => document.cookie.includes('edition=uk'));
    await page.click('.editions a:has-text("US edition")');
    await page.waitForURL(/\/us$/);
    assert.match(await page.evaluate(() => document.cookie), /edition=us/);
    await page.goto(base + '/');
    assert.match(page.url(), /\/us$/);
    await page.context().close();
  });

  it('renders hostile text as text: no script from the XSS corpus runs', async () => {
    const payloads = testdata
      .xss()
      .filter((p) => p.length <= 200 && !/[\n\r]/.test(p))
      .slice(0, 60);
    const created: string[] = [];
    for (const [i, payload] of payloads.entries()) {
      const response = await t.admin('POST', '/api/admin/articles', {
        headline: payload,
        standfirst: payload,
        bodyMarkdown: payload,
        authors: ['maya-okonkwo'],
        section: 'culture',
        status: 'published',
        slug: `hostile-${i}`,
      });
      if (response.statusCode === 201) created.push(new URL(response.json().url).pathname);
    }
    assert.ok(created.length > 30);
    const context = await localContext(browser);
    const page = await context.newPage();
    let executed = false;
    page.on('dialog', async (dialog) => {
      executed = true;
      await dialog.dismiss();
    });
    await page.exposeFunction('__masthead_xss', () => (executed = true));
    for (const url of [...created.slice(0, 30), '/culture', '/search?q=script']) {
      await page.goto(base + url);
      assert.equal(await page.evaluate(() => document.querySelectorAll('script:not([type="application/ld+json"]):not([src^="/assets/"])').length), 0, url);
    }
    assert.equal(executed, false, 'no payload ran');
    await context.close();
  });
});
