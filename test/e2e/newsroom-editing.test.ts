import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { SHOTS, ready, saved, startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

/**
 * The newsroom's editor in Chromium (setup shared with newsroom.test.ts, in newsroom.fixtures.ts):
 * every kind of block, two browsers on one article, a lost connection, a paste from Word.
 */
describe('the newsroom in Chromium: editing', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let articleId = '';
  let open: Newsroom['open'];
  let staffBrowser: Newsroom['staffBrowser'];
  let stored: Newsroom['stored'];

  before(async () => {
    let publishedArticle: Newsroom['publishedArticle'];
    ({ t, browser, base, open, staffBrowser, stored, publishedArticle } = await startNewsroom(() => new Date(), errors, dialogs));
    // The article these tests take a section and an author from (newsroom.test.ts writes its own).
    articleId = await publishedArticle();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('every kind of block comes from the toolbar or a typing shortcut, and is stored as that block', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', { headline: 'Every block', section: (await stored(articleId)).section.slug })).json();
    const { context, page } = await staffBrowser('editor', 'Block Builder');
    await page.goto(`${base}/newsroom/articles/${created.id}`);
    await ready(page);
    const lastParagraph = () => page.click('.ed-body > p:last-child');
    await page.click('.ed-body');
    await page.click('button.tool:text-is("Bold")');
    await page.keyboard.type('Opening');
    await page.click('button.tool:text-is("Bold")');
    await page.keyboard.type(' words of the story.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('## Section heading');
    await page.keyboard.press('Enter');
    await page.click('button.tool:text-is("Subheading")');
    await page.keyboard.type('Smaller heading');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Read the report');
    for (let i = 0; i < 'Read the report'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.click('button.tool:text-is("Link")');
    await page.fill('.link-form input[name=href]', 'javascript:alert(1)');
    await page.click('.link-form button[type=submit]');
    assert.match(await page.locator('.link-form .field-error').innerText(), /must start with https/);
    await page.fill('.link-form input[name=href]', 'https://example.org/report');
    await page.click('.link-form button[type=submit]');
    // The browser reports a moved caret (selectionchange) a moment later; the editor reads it
    // then. Type on only once it has (a person is never faster).
    const moved = page.evaluate(() => new Promise((resolve) => document.addEventListener('selectionchange', () => setTimeout(resolve, 0), { once: true })));
    await page.keyboard.press('ArrowRight');
    await moved;
    await page.keyboard.press('Enter');
    await page.click('button.tool:text-is("Pull quote")');
    await page.keyboard.type('A line worth repeating.');
    await page.keyboard.press('Enter');
    await page.fill('.ed-pullquote input[data-attr="attribution"]', 'The minister');
    await lastParagraph();
    await page.keyboard.type('- One');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Two');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1. First');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.click('button.tool:text-is("Divider")');
    await page.click('button.tool:text-is("Embed")');
    await page.fill('.ed-atom--embed input[data-attr="url"]', 'https://video.example/debate');
    await page.fill('.ed-atom--embed input[data-attr="title"]', 'The debate');
    await saved(page);

    const body = (await stored(created.id)).body;
    assert.deepEqual(
      body.map((b: { type: string }) => b.type),
      ['paragraph', 'heading', 'heading', 'paragraph', 'pullquote', 'list', 'list', 'divider', 'embed'],
      JSON.stringify(body),
    );
    assert.deepEqual(body[0].content, [{ text: 'Opening', bold: true }, { text: ' words of the story.' }]);
    assert.deepEqual([body[1].level, body[2].level], [2, 3]);
    assert.deepEqual(body[3].content, [{ text: 'Read the report', href: 'https://example.org/report' }]);
    assert.deepEqual(body[4], { type: 'pullquote', text: 'A line worth repeating.', attribution: 'The minister' });
    assert.deepEqual(body[5], { type: 'list', ordered: false, items: [[{ text: 'One' }], [{ text: 'Two' }]] });
    assert.deepEqual(body[6], { type: 'list', ordered: true, items: [[{ text: 'First' }]] });
    assert.deepEqual(body[8], { type: 'embed', url: 'https://video.example/debate', title: 'The debate' });
    await context.close();
  });

  it('two browsers editing one article: the second save shows both versions, and nothing is lost', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', { headline: 'Council tax vote', section: (await stored(articleId)).section.slug })).json();
    const a = await staffBrowser('editor', 'Ali Editor');
    const b = await staffBrowser('editor', 'Bea Editor');
    await a.page.goto(`${base}/newsroom/articles/${created.id}`);
    await b.page.goto(`${base}/newsroom/articles/${created.id}`);
    await ready(a.page);
    await ready(b.page);
    await b.page.waitForSelector('.presence');
    assert.match(await b.page.locator('.presence').innerText(), /Ali Editor/);

    await a.page.click('.ed-body');
    await a.page.keyboard.type('Ali wrote this first.');
    await saved(a.page);
    await b.page.click('.ed-body');
    await b.page.keyboard.type('Bea wrote this second.');
    await b.page.waitForSelector('.conflict');
    const conflict = await b.page.locator('.conflict').innerText();
    assert.match(conflict, /Bea wrote this second\./);
    assert.match(conflict, /Ali wrote this first\./);
    await b.page.screenshot({ path: path.join(SHOTS, 'newsroom-conflict.png') });
    await b.page.click('text=Keep my version');
    await saved(b.page);
    assert.equal((await stored(created.id)).body[0].content[0].text, 'Bea wrote this second.');
    // Ali's text is in the history.
    const history = await t.admin('GET', `/api/admin/articles/${created.id}/revisions`);
    assert.ok(
      history
        .json()
        .items.some((r: { snapshot: { body: { content?: { text: string }[] }[] } }) => r.snapshot.body[0]?.content?.[0]?.text === 'Ali wrote this first.'),
    );
    await a.context.close();
    await b.context.close();
  });

  it('a lost connection keeps the text in the browser and saves it when back', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', { headline: 'Night bus cuts', section: (await stored(articleId)).section.slug })).json();
    const { context, page } = await staffBrowser('editor', 'Offline Olu');
    await page.goto(`${base}/newsroom/articles/${created.id}`);
    await ready(page);
    await context.setOffline(true);
    await page.click('.ed-body');
    await page.keyboard.type('Typed on a train without signal.');
    await page.waitForSelector('[data-save-state="offline"]');
    assert.match(await page.evaluate((id) => localStorage.getItem(`masthead:unsaved:${id}`) ?? '', created.id), /Typed on a train without signal\./);
    await context.setOffline(false);
    await saved(page);
    assert.equal((await stored(created.id)).body[0].content[0].text, 'Typed on a train without signal.');

    // Closed while offline: the next visit brings the text back and saves it.
    await context.setOffline(true);
    await page.click('.ed-body');
    await page.keyboard.press('End');
    await page.keyboard.type(' And more.');
    await page.waitForSelector('[data-save-state="offline"]');
    await page.close();
    await context.setOffline(false);
    const again = await open(context);
    await again.goto(`${base}/newsroom/articles/${created.id}`);
    await ready(again);
    assert.match(await again.locator('.notice').first().innerText(), /had not reached the newsroom/);
    await saved(again);
    assert.equal((await stored(created.id)).body[0].content[0].text, 'Typed on a train without signal. And more.');
    await context.close();
  });

  it('a paste from Word or Google Docs keeps the structure and drops the styling', async () => {
    const created = (await t.admin('POST', '/api/admin/articles', { headline: 'Pasted copy', section: (await stored(articleId)).section.slug })).json();
    const { context, page } = await staffBrowser('editor', 'Paste Pat');
    await page.goto(`${base}/newsroom/articles/${created.id}`);
    await ready(page);
    const word = [
      '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>',
      '<h1 style="font-family:Calibri;color:#2F5496">Road works</h1>',
      '<p class=MsoNormal style="font-family:Calibri;font-size:14pt;color:red">The <b>first</b> phase starts in <span style="font-style:italic">May</span>.</p>',
      '<p class=MsoListParagraphCxSpFirst style="mso-list:l0 level1 lfo1"><!--[if !supportLists]--><span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span><!--[endif]-->Main street</p>',
      '<p class=MsoListParagraphCxSpLast style="mso-list:l0 level1 lfo1"><!--[if !supportLists]--><span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span><!--[endif]-->Station road</p>',
      '<p class=MsoNormal><a href="javascript:alert(1)">a trap</a> and <a href="https://example.org/plan">the plan</a></p>',
      '</body></html>',
    ].join('');
    const docs =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-family:Arial;font-weight:400">Plain words and </span><span style="font-size:11pt;font-family:Arial;font-weight:700">bold words</span></p><ol><li dir="ltr"><p dir="ltr"><span style="font-weight:400">Numbered</span></p></li></ol></b>';
    await page.click('.ed-body');
    for (const html of [word, docs]) {
      // Each paste starts a paragraph of its own (a paste into a paragraph joins it, as in any editor).
      await page.keyboard.press('Enter');
      await page.evaluate((markup) => {
        const data = new DataTransfer();
        data.setData('text/html', markup);
        data.setData('text/plain', 'fallback');
        document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, html);
    }
    await saved(page);
    const body = (await stored(created.id)).body;
    assert.deepEqual(
      body.map((b: { type: string }) => b.type),
      ['heading', 'paragraph', 'list', 'paragraph', 'paragraph', 'list'],
      JSON.stringify(body),
    );
    assert.deepEqual(body[1].content, [
      { text: 'The ' },
      { text: 'first', bold: true },
      { text: ' phase starts in ' },
      { text: 'May', italic: true },
      { text: '.' },
    ]);
    assert.deepEqual(body[2], { type: 'list', ordered: false, items: [[{ text: 'Main street' }], [{ text: 'Station road' }]] });
    assert.deepEqual(body[3].content, [{ text: 'a trap and ' }, { text: 'the plan', href: 'https://example.org/plan' }]);
    assert.deepEqual(body[4].content, [{ text: 'Plain words and ' }, { text: 'bold words', bold: true }]);
    assert.equal(body[5].ordered, true);
    assert.equal(dialogs.length, 0);
    await context.close();
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
