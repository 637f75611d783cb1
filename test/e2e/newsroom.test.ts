import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInStaff } from '../support/accounts.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { testdata } from '../support/testdata.ts';
import { until } from '../support/wait.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { hashPassword } from '../../src/accounts/credentials/passwords.ts';
import { newTotpSecret, totpCode } from '../../src/accounts/credentials/totp.ts';
import { createUser } from '../../src/accounts/users/service.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';

const SHOTS = path.resolve('.test-artifacts/screenshots');
const PASSWORD = 'the night desk passphrase';

/**
 * The newsroom in Chromium, as journalists use it: sign in with a password and a one-time
 * code, write an article with a hero image, a quote and a related story, preview it, schedule
 * it, see it go live on time, correct it; a contributor who cannot publish; two browsers on one
 * article; a lost connection; a paste from Word; hostile text in every field.
 */
describe('the newsroom in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  /** The app's clock runs this far ahead of the real one: scheduled publishing without waiting. */
  let offsetMs = 0;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let editorEmail: string;
  let editorSecret: string;
  let articleId = '';
  let photoPath: string;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base }, now: () => new Date(Date.now() + offsetMs) });
    await seedDemo(t.db.database, t.storage);
    t.app.ctx.events.everythingChanged();
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    await t.app.listen({ host: '127.0.0.1', port });
    await t.app.jobs.start();

    editorEmail = 'night.editor@newsroom.example';
    editorSecret = newTotpSecret();
    const user = await createUser(t.db.database.db, { email: editorEmail, role: 'editor', displayName: 'Nia Night-Editor' });
    await updateUser(
      t.db.database.db,
      user.id,
      { passwordHash: await hashPassword(PASSWORD), totpSecret: editorSecret, emailVerifiedAt: new Date() },
      new Date(),
    );

    fs.mkdirSync(SHOTS, { recursive: true });
    photoPath = path.join(SHOTS, 'harbour-upload.jpg');
    fs.writeFileSync(
      photoPath,
      await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#35627f' } })
        .jpeg()
        .toBuffer(),
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const open = (context: BrowserContext) => watchedPage(context, errors, dialogs);

  const newContext = () => localContext(browser, { viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });

  /** A browser signed in as a staff member made here (sessions as after a passkey sign-in). */
  async function staffBrowser(role: 'contributor' | 'editor' | 'admin', name: string) {
    const staff = await signedInStaff(t, role, name);
    const context = await newContext();
    await context.addCookies([{ name: t.app.cookieNames.session, value: staff.agent.cookies.get(t.app.cookieNames.session)!, url: base }]);
    return { context, page: await open(context) };
  }

  const ready = (page: Page) => page.waitForSelector('body[data-editor-ready="true"]');
  const saved = (page: Page) => page.waitForSelector('[data-save-state="saved"]');
  const stored = async (id: string) => (await t.admin('GET', `/api/admin/articles/${id}`)).json();

  it('an editor signs in with a password and a one-time code, and writes an article with a hero image, a quote and a related story', async () => {
    const context = await newContext();
    const page = await open(context);
    await page.goto(`${base}/newsroom`);
    assert.match(page.url(), /\/account\/sign-in/);
    await page.fill('#email', editorEmail);
    await page.fill('#password', PASSWORD);
    await page.click('form[action="/account/sign-in"] button[type=submit]');
    await page.waitForURL(/second-factor/);
    await page.fill('input[name=code]', totpCode(editorSecret, new Date()));
    await page.click('form[action="/account/sign-in/second-factor"] button[type=submit]');
    await page.waitForURL(`${base}/newsroom`);

    await page.fill('.new-article input[name=headline]', 'Harbour ferry returns after storm repairs');
    await page.selectOption('.new-article select[name=section]', { index: 0 });
    await page.click('.new-article button[type=submit]');
    await page.waitForURL(/\/newsroom\/articles\/[0-9a-f-]{36}$/);
    articleId = page.url().split('/').pop()!;
    await ready(page);

    await page.fill('#standfirst', 'The crossing reopens on Monday with a timetable for the winter.');
    await page.selectOption('#authors', { index: 1 });
    await page.click('.ed-body');
    await page.keyboard.type('The ferry that links the two halves of the bay sails again on Monday.');
    await page.keyboard.press('Enter');
    await page.click('button.tool:text-is("Quote")');
    await page.keyboard.type('We missed the boat more than the boat missed us.');
    await page.fill('.ed-quote input[data-attr="attribution"]', 'A commuter');
    await page.click('.ed-body >> p >> nth=0');
    await page.keyboard.press('End');

    // A related story, found by searching the other articles.
    await page.click('button.tool:text-is("Related story")');
    const picker = page.locator('dialog.picker');
    await picker.locator('.picker__article').first().click();
    await page.waitForSelector('.ed-atom--related');

    // The hero: uploaded through the picker's drop zone, then described.
    await page.click('text=Choose a hero image');
    await page.setInputFiles('dialog.picker .drop-zone input[type=file]', photoPath);
    await page.locator('dialog.picker .media-grid__pick').first().waitFor();
    await page.locator('dialog.picker .media-grid__pick').first().click();
    await page.fill('input[name=heroAlt]', 'The ferry at its berth under a grey sky');
    await saved(page);

    const article = await stored(articleId);
    assert.deepEqual(
      article.body.map((b: { type: string }) => b.type),
      ['paragraph', 'related', 'quote'],
    );
    assert.equal(article.body[2].attribution, 'A commuter');
    assert.equal(article.hero.alt, 'The ferry at its berth under a grey sky');
    assert.equal(article.authors.length, 1);

    // Preview at a phone's width and a desktop's.
    await page.click('text=Preview on a phone');
    const frame = page.frameLocator('.preview iframe');
    await frame.locator('h1.article__headline').waitFor();
    assert.equal(await frame.locator('h1.article__headline').textContent(), 'Harbour ferry returns after storm repairs');
    assert.equal(await frame.locator('blockquote').count(), 1);
    assert.equal(Math.round((await page.locator('.preview iframe').boundingBox())!.width), 390);
    await page.screenshot({ path: path.join(SHOTS, 'newsroom-preview-phone.png') });
    await page.click('text=Show on a desktop');
    await page.click('text=Close preview');
    await page.screenshot({ path: path.join(SHOTS, 'newsroom-writing.png'), fullPage: false });

    // Scheduled two minutes ahead (the input takes minutes: publishing is at the minute).
    const at = new Date(Date.now() + 2 * 60_000);
    at.setUTCSeconds(0, 0);
    await page.fill('#schedule-at', at.toISOString().slice(0, 16));
    await page.click('.workflow__schedule button[type=submit]');
    await page.waitForSelector('.status--scheduled');
    const url = new URL((await stored(articleId)).url).pathname;
    assert.equal((await page.request.get(`${base}${url}`)).status(), 404, 'embargoed until its time');
    assert.doesNotMatch(await (await page.request.get(`${base}/rss.xml`)).text(), /Harbour ferry returns/);

    // The app's clock reaches the time; the running job queue publishes within its poll.
    offsetMs = at.getTime() - Date.now() + 500;
    await until(async () => (await page.request.get(`${base}${url}`)).status() === 200, 200);
    const live = await stored(articleId);
    assert.equal(live.status, 'published');
    assert.equal(live.publishedAt, at.toISOString());
    await page.goto(`${base}${url}`);
    assert.equal(await page.locator('h1').textContent(), 'Harbour ferry returns after storm repairs');
    assert.equal(await page.locator('article blockquote').count(), 1);
    assert.ok(await page.locator('.article img, .article picture').count());
    await context.close();
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

  it('an editor adds a correction in the newsroom and readers see it on the article', async () => {
    const { context, page } = await staffBrowser('editor', 'Corrections Desk');
    await page.goto(`${base}/newsroom/articles/${articleId}`);
    await ready(page);
    await page.fill('#correction-note', 'An earlier version said the crossing reopens on Sunday.');
    await page.click('.workflow__correction button[type=submit]');
    await page.waitForSelector('.workflow__notes li');
    await page.goto((await stored(articleId)).url);
    assert.match(await page.locator('main').innerText(), /An earlier version said the crossing reopens on Sunday\./);
    await context.close();
  });

  it('a contributor writes a draft but is offered no way to publish it', async () => {
    const { context, page } = await staffBrowser('contributor', 'Cleo Contributor');
    await page.goto(`${base}/newsroom`);
    await page.fill('.new-article input[name=headline]', 'Allotment waiting list grows');
    await page.click('.new-article button[type=submit]');
    await ready(page);
    await page.click('.ed-body');
    await page.keyboard.type('Three hundred names and counting.');
    await saved(page);
    assert.equal(await page.locator('text=Publish now').count(), 0);
    assert.equal(await page.locator('.workflow__schedule').count(), 0);
    assert.equal(await page.locator('text=Submit for review').count(), 0);
    assert.match(await page.locator('.workflow').innerText(), /a writer or an editor takes it on/);
    // Even a hand-made request is refused.
    const id = page.url().split('/').pop()!;
    const csrf = await page.evaluate(() => JSON.parse(document.querySelector('[data-island="article-editor"]')!.getAttribute('data-props')!).csrf as string);
    const refused = await page.request.post(`${base}/newsroom/api/articles/${id}/publish`, { headers: { 'x-csrf-token': csrf }, data: {} });
    assert.equal(refused.status(), 403);
    await context.close();
  });

  it("a writer made from the command line sets up a passkey through an admin's enrolment link, then opens the newsroom", async () => {
    const email = 'wes.writer@newsroom.example';
    const user = await createUser(t.db.database.db, { email, role: 'writer', displayName: 'Wes Writer' });
    await updateUser(t.db.database.db, user.id, { passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() }, new Date());

    const admin = await staffBrowser('admin', 'Ada Admin');
    await admin.page.goto(`${base}/newsroom/staff`);
    await admin.page.getByRole('button', { name: 'Make an enrolment link for Wes Writer' }).click();
    const link = (await admin.page.locator('code.secret').innerText()).trim();
    assert.match(link, /\/account\/enrol\?token=[A-Za-z0-9_-]{43}$/);
    await admin.context.close();

    const context = await newContext();
    const page = await open(context);
    await page.goto(`${base}/account/sign-in?returnTo=%2Fnewsroom`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.click('form[action="/account/sign-in"] button[type=submit]');
    await page.waitForURL(/\/account\?done=staff-second-factor/);
    await page.goto(link);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/done=enrolment-open/);
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.getByLabel('Name for a new passkey').fill('Desk laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/done=passkey-added/);
    await page.goto(`${base}/newsroom`);
    await page.waitForSelector('.new-article input[name=headline]');
    assert.equal(new URL(page.url()).pathname, '/newsroom');
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

  it('every newsroom page meets WCAG 2.2 AA', async () => {
    const { context, page } = await staffBrowser('editor', 'Axe Editor');
    for (const [name, url] of [
      ['list', '/newsroom'],
      ['editor', `/newsroom/articles/${articleId}`],
      ['history', `/newsroom/articles/${articleId}/history`],
      ['media', '/newsroom/media'],
      ['taxonomy', '/newsroom/taxonomy'],
    ] as const) {
      await page.goto(`${base}${url}`, { waitUntil: 'networkidle' });
      if (name === 'editor') await ready(page);
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      assert.deepEqual(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
        `${name} has no WCAG 2.2 AA violations`,
      );
      await page.screenshot({ path: path.join(SHOTS, `newsroom-${name}.png`), fullPage: name !== 'editor' });
    }
    await context.close();
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
