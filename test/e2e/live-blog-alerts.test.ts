import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../support/app.ts';
import { launchBrowser, notifyingContext, watchedPage } from '../support/browser.ts';
import { clickFirstNotification, pushDelivery } from '../support/push-browser.ts';
import { until } from '../support/wait.ts';
import { freePort } from '../../scripts/postgres.ts';
import { liveBlogs } from '../../src/content/index.ts';
import { findAlert } from '../../src/alerts/repository.ts';
import { payloadOf } from '../../src/alerts/payload.ts';
import { rows } from '../../src/platform/db/database.ts';

/**
 * A live blog's key event reaching a browser's service worker in Chromium: the follow control
 * on the blog's page registers our worker when the reader clicks it (the subscription itself
 * cannot succeed here: Playwright's contexts have no Push API, see alerts.test.ts), the key
 * event is published through content's service, its one alert is made by the job queue, and the
 * alert as the server encrypts it is delivered to the worker through the DevTools Protocol. The
 * notification names the blog and the entry, and opens the entry's permalink.
 */
describe('live blog alerts in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let article: { id: string; slug: string; headline: string };
  const errors: string[] = [];
  const dialogs: string[] = [];
  const who = () => ({ actor: 'account:Ada', now: new Date() });

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Storm over the estuary, live', status: 'published' }))).json();
    await liveBlogs.makeLiveBlog(t.app.ctx, article.id, {}, who());
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the follow control, and the worker it registers shows the key event’s alert, which opens the entry', async () => {
    const context = await notifyingContext(browser, base, { viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context, errors, dialogs);
    const url = `${base}/world/${article.slug}`;
    await page.goto(url);
    const button = page.getByRole('button', { name: 'Follow this live blog' });
    await button.waitFor();
    await button.click();
    // No push service here: the control says so instead of hanging; our worker is registered.
    await page.locator('.follow-live .form-error').waitFor({ timeout: 30_000 });
    const registration = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
    assert.equal(registration, `${base}/sw.js`);

    const entry = await liveBlogs.createEntry(
      t.app.ctx,
      article.id,
      { title: 'The tide barrier is closed', bodyMarkdown: 'Crews closed it at dusk.', writers: ['ada-reporter'], keyEvent: true },
      { as: 'publish' },
      who(),
    );
    const alertId = await until(async () => {
      await t.app.jobs.runDue();
      return (await rows<{ id: string }>(t.db.database.db, sql`select id from alerts where live_entry_id = ${entry.id}`))[0]?.id;
    }, 50);
    const alert = (await findAlert(t.db.database.db, alertId))!;
    const push = await pushDelivery(context, page, base);
    await push.deliver(payloadOf(alert, `${base}/assets/logo.png`));
    const shown = await push.shown((now) => now.length > 0);
    const permalink = `${base}/world/${article.slug}/entry/${entry.id}`;
    assert.deepEqual(shown, [
      {
        title: article.headline,
        body: 'The tide barrier is closed',
        tag: `alert-${alert.id}`,
        data: { url: permalink, alertId: alert.id },
        actions: ['read', 'dismiss'],
      },
    ]);
    assert.deepEqual(await clickFirstNotification(context, base), { url: permalink, left: 0 });
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
