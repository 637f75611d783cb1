import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInStaff } from '../support/accounts.ts';
import { launchBrowser, notifyingContext, watchedPage } from '../support/browser.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { findAlert } from '../../src/alerts/repository.ts';
import { payloadOf } from '../../src/alerts/payload.ts';
import { clickFirstNotification, pushDelivery } from '../support/push-browser.ts';

/**
 * Alerts in Chromium: the site's soft prompt (never on a first article, quiet after "Not now",
 * opened by the bell), the browser's permission granted through Playwright, our service worker
 * registered, and a push delivered to it through the DevTools Protocol
 * (`ServiceWorker.deliverPushMessage`), which it shows as a notification; its click opens the
 * article. Subscribing itself cannot succeed here (Playwright's contexts are incognito-like,
 * where Chrome has no Push API, and no vendor push service is reachable): the prompt says so;
 * the server side of subscribing and sending is tested against the test push service in
 * src/alerts.
 */
describe('alerts in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articles: { id: string; url: string; headline: string }[];
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedDemo(t.db.database, t.storage);
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    t.app.ctx.events.everythingChanged();
    await t.app.listen({ host: '127.0.0.1', port });
    articles = (await t.get('/api/content/articles?limit=4')).json().items;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const newContext = () => notifyingContext(browser, base, { viewport: { width: 1280, height: 900 } });
  const prompt = (page: Page) => page.locator('.alerts-prompt');
  const bellReady = (page: Page) => page.locator('.alerts-bell').or(prompt(page)).first().waitFor();

  it('asks from the second article, keeps quiet after "Not now", and the bell asks again', async () => {
    const context = await newContext();
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(articles[0]!.url);
    await bellReady(page);
    assert.equal(await prompt(page).count(), 0, 'never on a first article');
    await page.goto(articles[1]!.url);
    await prompt(page).waitFor();
    assert.match((await prompt(page).textContent())!, /Get our alerts\?.*Breaking news \(UK edition\)/s);
    await page.click('.alerts-prompt button:has-text("Not now")');
    assert.equal(await prompt(page).count(), 0);
    await page.goto(articles[2]!.url);
    await bellReady(page);
    assert.equal(await prompt(page).count(), 0, 'quiet for 30 days after "Not now"');
    await page.click('.alerts-bell');
    await prompt(page).waitFor();
    await context.close();
  });

  it('draws the bell with an inline picture that needs no font, and names the button in words', async () => {
    const context = await newContext();
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(articles[0]!.url);
    const bell = page.getByRole('button', { name: 'Alerts', exact: true });
    await bell.waitFor();
    const drawn = await bell.evaluate((button) => {
      const svg = button.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return {
        html: button.innerHTML,
        hidden: svg?.getAttribute('aria-hidden'),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        paths: svg?.querySelectorAll('path').length ?? 0,
      };
    });
    assert.doesNotMatch(drawn.html, /\p{Extended_Pictographic}/u, 'no emoji, which shows as an empty box without an emoji font');
    assert.equal(drawn.hidden, 'true', 'the picture is decoration: the word names the button');
    assert.ok(drawn.paths > 0 && drawn.width >= 10 && drawn.height >= 10, `a bell is drawn: ${JSON.stringify(drawn)}`);
    await context.close();
  });

  it('asks the browser only on "Turn on alerts", registers the service worker, and shows a pushed alert that opens its article', async () => {
    const context = await newContext();
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(articles[0]!.url);
    assert.equal(
      await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)),
      0,
      'no service worker before the reader says yes',
    );
    await page.click('.alerts-bell');
    await page.click('.alerts-prompt button:has-text("Turn on alerts")');
    // Here the browser cannot reach its push service: the prompt says so instead of hanging.
    await page.locator('.alerts-prompt .form-error, .alerts-prompt__title:has-text("Alerts are on")').first().waitFor({ timeout: 30_000 });
    const registration = await page.evaluate(async () => {
      const ready = await navigator.serviceWorker.ready;
      return { script: ready.active?.scriptURL, scope: ready.scope, permission: Notification.permission };
    });
    assert.deepEqual(registration, { script: `${base}/sw.js`, scope: `${base}/`, permission: 'granted' });

    // An alert as the server sends it, delivered by the DevTools Protocol to our worker.
    const editor = await signedInStaff(t, 'editor', 'Eda Alerts', '203.0.113.90');
    const made = await editor.agent.postJson(
      '/newsroom/api/alerts',
      { articleId: articles[2]!.id, audience: { kind: 'breaking', edition: 'uk' }, breaking: true, sendAt: new Date(Date.now() + 3_600_000).toISOString() },
      editor.csrf,
    );
    assert.equal(made.statusCode, 201, made.body);
    const alert = (await findAlert(t.db.database.db, made.json().alert.id))!;
    const payload = payloadOf(alert, `${base}/assets/logo.png`);
    const push = await pushDelivery(context, page, base);
    await push.deliver(payload);
    const shown = await push.shown((now) => now.length > 0);
    assert.deepEqual(shown, [
      { title: alert.title, body: alert.body, tag: `alert-${alert.id}`, data: { url: alert.url, alertId: alert.id }, actions: ['read', 'dismiss'] },
    ]);

    // The same alert again (a repeated delivery, here with its text changed so we can see it
    // arrive) replaces the first: once it shows, it is the only notification.
    await push.deliver({ ...payload, body: `${payload.body} (again)` });
    const again = await push.shown((now) => now.some((n) => n.body.endsWith('(again)')));
    assert.deepEqual(
      again.map((n) => [n.tag, n.body]),
      [[`alert-${alert.id}`, `${alert.body} (again)`]],
    );

    const opened = await clickFirstNotification(context, base);
    assert.deepEqual(opened, { url: alert.url, left: 0 }, 'the article opens and the notification closes');
    await context.close();
  });

  it('ran without script errors', () => {
    // Chrome itself reports that a Playwright context (incognito-like) has no Push API: not ours.
    assert.deepEqual(
      errors.filter((e) => !/does not support the Push API in incognito mode/.test(e)),
      [],
    );
    assert.deepEqual(dialogs, []);
  });
});
