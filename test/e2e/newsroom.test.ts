import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { until } from '../support/wait.ts';
import { hashPassword } from '../../src/accounts/credentials/passwords.ts';
import { newTotpSecret, totpCode } from '../../src/accounts/credentials/totp.ts';
import { createUser } from '../../src/accounts/users/service.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';
import { PASSWORD, SHOTS, ready, saved, startNewsroom, type Newsroom } from './newsroom.fixtures.ts';

/**
 * The newsroom in Chromium, as journalists use it: sign in with a password and a one-time
 * code, write an article with a hero image, a quote and a related story, preview it, schedule
 * it, see it go live on time, correct it; a contributor who cannot publish; two browsers on one
 * article; a lost connection; a paste from Word; hostile text in every field.
 * This file: signing in and writing, corrections, a contributor, a passkey set up, and
 * accessibility; newsroom-editing.test.ts and newsroom-media.test.ts have the rest.
 */
describe('the newsroom in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  /** The app's clock runs this far ahead of the real one: scheduled publishing without waiting. */
  let offsetMs = 0;
  let editorEmail: string;
  let editorSecret: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let articleId = '';
  let photoPath: string;
  let open: Newsroom['open'];
  let newContext: Newsroom['newContext'];
  let staffBrowser: Newsroom['staffBrowser'];
  let stored: Newsroom['stored'];

  before(async () => {
    ({ t, browser, base, photoPath, open, newContext, staffBrowser, stored } = await startNewsroom(() => new Date(Date.now() + offsetMs), errors, dialogs));
    editorEmail = 'night.editor@newsroom.example';
    editorSecret = newTotpSecret();
    const user = await createUser(t.db.database.db, { email: editorEmail, role: 'editor', displayName: 'Nia Night-Editor' });
    await updateUser(
      t.db.database.db,
      user.id,
      { passwordHash: await hashPassword(PASSWORD), totpSecret: editorSecret, emailVerifiedAt: new Date() },
      new Date(),
    );
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

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
