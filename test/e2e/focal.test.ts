import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../support/app.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { freePort } from '../../scripts/postgres.ts';

/**
 * The crop the browser makes of a card's picture (object-fit: cover in a 16:9 box) keeps the
 * subject an editor marked with the focal point, under the site's Content-Security-Policy: a
 * tall picture whose subject (a red block) sits in its bottom-left corner, seen in Chromium.
 */
describe('the focal point where the browser crops, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articleUrl: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedBasics(t);
    const picture = await sharp({ create: { width: 900, height: 1600, channels: 3, background: { r: 128, g: 128, b: 128 } } })
      .composite([{ input: { create: { width: 180, height: 180, channels: 3, background: { r: 230, g: 20, b: 20 } } }, left: 0, top: 1420 }])
      .png()
      .toBuffer();
    const form = multipart({ alt: 'A red block in a grey field', focalX: '0.1', focalY: '0.94' }, { filename: 'corner.png', type: 'image/png', data: picture });
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/admin/images',
      payload: form.payload,
      headers: { ...form.headers, authorization: `Bearer ${t.token}` },
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    articleUrl = (
      await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({ headline: 'The red block holds its corner', hero: { imageId: uploaded.json().id }, status: 'published' }),
      )
    ).json().url;
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a card on a phone shows the subject in its 16:9 crop', async () => {
    const context = await localContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(`${base}/world`);
    // Cards link by path on the site's own pages.
    const card = page.locator(`article:has(a[href="${new URL(articleUrl).pathname}"]) .card__image`);
    const img = card.locator('img');
    await img.waitFor();
    await page.waitForFunction(
      (element) => element !== null && (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0,
      await img.elementHandle(),
    );
    const box = (await card.boundingBox())!;
    assert.ok(Math.abs(box.width / box.height - 16 / 9) < 0.05, `a 16:9 box: ${box.width}×${box.height}`);
    const { data, info } = await sharp(await card.screenshot())
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    let red = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) red++;
    assert.ok(red / (info.width * info.height) > 0.02, `the subject is in view (${red} red pixels of ${info.width * info.height})`);
    await context.close();
  });

  it('ran without script errors, refused styles or dialogs', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
  });
});
