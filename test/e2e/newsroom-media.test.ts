import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { testdata } from '../support/testdata.ts';
import { ready, saved, startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

/**
 * The newsroom in Chromium (setup shared with newsroom.test.ts, in newsroom.fixtures.ts): hostile
 * text in every field, and the media library.
 */
describe('the newsroom in Chromium: hostile text and media', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let articleId = '';
  let photoPath: string;
  let staffBrowser: Newsroom['staffBrowser'];
  let stored: Newsroom['stored'];

  before(async () => {
    let publishedArticle: Newsroom['publishedArticle'];
    ({ t, browser, base, photoPath, staffBrowser, stored, publishedArticle } = await startNewsroom(() => new Date(), errors, dialogs));
    // The article these tests take a section and an author from (newsroom.test.ts writes its own).
    articleId = await publishedArticle();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('hostile text typed into the headline, standfirst, body, caption and alt text is stored as typed and never runs', async () => {
    const created = (
      await t.admin('POST', '/api/admin/articles', {
        headline: 'Hostile',
        section: (await stored(articleId)).section.slug,
        authors: [(await stored(articleId)).authors[0].slug],
        standfirst: 'x',
      })
    ).json();
    const { context, page } = await staffBrowser('editor', 'Xena Editor');
    await page.goto(`${base}/newsroom/articles/${created.id}`);
    await ready(page);
    const oneLine = testdata
      .xss()
      .filter((p) => p.trim() && !/[\r\n]/.test(p) && [...p].length <= 150)
      .slice(0, 12);
    for (const payload of oneLine) {
      await page.fill('#headline', payload);
      await page.fill('#standfirst', payload);
      await page.click('.ed-body');
      await page.keyboard.press('Control+a');
      await page.keyboard.insertText(payload);
      await saved(page);
      const article = await stored(created.id);
      assert.equal(article.headline, payload);
      assert.equal(article.standfirst, payload);
      assert.equal(article.body[0].content[0].text, payload);
    }
    await page.click('button.tool:text-is("Image")');
    await page.locator('dialog.picker .media-grid__pick').first().click();
    const payload = oneLine[0]!;
    await page.fill('.ed-atom--image input[data-attr="alt"]', payload);
    await page.fill('.ed-atom--image input[data-attr="caption"]', payload);
    await saved(page);
    const figure = (await stored(created.id)).body.find((b: { type: string }) => b.type === 'image');
    assert.deepEqual([figure.alt, figure.caption], [payload, payload]);

    await page.click('text=Publish now');
    await page.waitForSelector('.status--published');
    await page.goto((await stored(created.id)).url);
    assert.equal(await page.locator('h1').textContent(), oneLine.at(-1));
    assert.ok((await page.locator('.article__body figure figcaption').first().textContent())!.includes(payload));
    assert.equal(await page.locator('.article__body figure img').first().getAttribute('alt'), payload);
    // Every load has ended, so every error handler a payload could have smuggled in has had its chance.
    await page.waitForLoadState('networkidle');
    assert.deepEqual(dialogs, [], 'no payload ran');
    await context.close();
  });

  it('the media library uploads by drag and drop, searches, and sets alt text and the focal point', async () => {
    const { context, page } = await staffBrowser('editor', 'Mo Media');
    await page.goto(`${base}/newsroom/media`);
    await page.waitForSelector('.media-library .drop-zone');
    const bytes = fs.readFileSync(photoPath).toString('base64');
    await page.evaluate(async (data) => {
      const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'dropped.jpg', { type: 'image/jpeg' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      document.querySelector('.media-library .drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    await page.waitForSelector('.media-details');
    const focal = page.locator('.media-details .focal');
    const box = (await focal.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
    await page.fill('#image-alt', 'A lighthouse on the point at dusk');
    await page.click('.media-details button[type=submit]');
    await page.waitForSelector('.media-details [role=status]');
    await page.fill('.media-library .picker__search input', 'lighthouse');
    await page.waitForFunction(() => document.querySelectorAll('.media-library .media-grid li').length === 1);
    const found = (await t.admin('GET', '/api/admin/images?q=lighthouse')).json().items[0];
    assert.equal(found.alt, 'A lighthouse on the point at dusk');
    assert.ok(Math.abs(found.focalPoint.x - 0.25) < 0.02 && Math.abs(found.focalPoint.y - 0.75) < 0.02, JSON.stringify(found.focalPoint));

    // A broken upload gets its message next to the drop zone.
    await page.setInputFiles('.media-library .drop-zone input[type=file]', {
      name: 'broken.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('not really a picture'),
    });
    await page.waitForSelector('.media-library .drop-zone .field-error');
    assert.match(await page.locator('.media-library .drop-zone .field-error').innerText(), /broken\.jpg: .+/);
    await context.close();
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
