import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { insertTest } from '../../src/revenue/asks/repository.ts';
import { insertRecurring } from '../../src/revenue/contributions/repository.ts';
import { startSession } from '../../src/accounts/sessions/service.ts';
import { createUser } from '../../src/accounts/users/service.ts';
import { startStripeApi } from '../support/stripe-api.ts';
import { manageUrl } from '../../src/revenue/contributions/manage-link.ts';

/**
 * Reader revenue in Chromium, as the issue has it: a reader in the United States (the country
 * from the CDN header the operator named) reads three articles and is then asked in the US
 * ask's words with the right count; they give through the sandbox's test checkout, see the
 * thanks, and are asked less from then on.
 */
describe('support asks and contributing in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articles: { id: string; url: string }[];
  let usTest: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base, COUNTRY_HEADER: 'cf-ipcountry', PAYMENTS_SANDBOX: '1' } });
    await seedDemo(t.db.database, t.storage);
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    usTest = (
      await insertTest(
        t.db.database.db,
        {
          name: 'US regulars',
          slot: 'epic',
          status: 'live',
          startsAt: null,
          endsAt: null,
          priority: 15,
          targeting: {
            countries: ['US'],
            editions: [],
            sections: [],
            topics: [],
            excludedArticles: [],
            minArticlesRead: { count: 3, days: 30 },
            supporters: 'others',
            signedIn: 'any',
            devices: [],
          },
          caps: { maxViews: { count: 5, days: 7 }, hideAfterCloseDays: 14 },
          variants: [
            {
              id: 'us-a',
              name: 'A',
              heading: 'Readers in %%COUNTRY_NAME%% keep us free',
              body: 'You have read %%ARTICLE_COUNT%% articles this year.',
              buttonText: 'Support us',
              amounts: { USD: [5, 15, 50] },
              highlighted: { USD: 15 },
            },
          ],
        },
        new Date(),
      )
    ).id;
    t.app.ctx.events.everythingChanged();
    await t.app.listen({ host: '127.0.0.1', port });
    articles = (await t.get('/api/content/articles?limit=6')).json().items;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens an article and waits for the ask's answer: the ask shown, or none. */
  async function read(page: Page, url: string) {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
    await page.goto(url);
    const response = await answered;
    if (response.status() === 204) return null;
    const ask = page.locator('.support-ask');
    await ask.waitFor();
    return (await ask.textContent()) ?? '';
  }

  it('reads three articles as a US reader, gets the US ask with the count, gives through the sandbox, is thanked and asked less', async () => {
    const context = await localContext(browser, { viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'cf-ipcountry': 'US' } });
    const page = await watchedPage(context, errors, dialogs);
    const first = await read(page, articles[0]!.url);
    assert.match(first ?? '', /Free to read|Paid for by readers/, 'the ask for everyone while the reader is new');
    await read(page, articles[1]!.url);
    const third = await read(page, articles[2]!.url);
    assert.match(third ?? '', /Readers in the United States keep us free/);
    assert.match(third ?? '', /You have read 3 articles this year/);
    await page.reload();
    await page.locator('.support-ask').waitFor();
    assert.match((await page.locator('.support-ask').textContent())!, /You have read 3 articles/, 'a reload is not another article read');

    await page.click('.support-ask button:has-text("$50")');
    await page.click('.support-ask button:has-text("Monthly")');
    await page.click('.support-ask a:has-text("Support us")');
    await page.waitForURL(/\/support\?/);
    assert.match(page.url(), /amount=50/);
    assert.match(page.url(), /frequency=monthly/);
    assert.match((await page.locator('.test-mode').textContent())!, /Test mode/);
    await page.fill('#email', 'us.reader@readers.example');
    await page.click('button:has-text("Continue to payment")');
    await page.waitForURL(/\/support\/sandbox\//);
    assert.match((await page.locator('h1').textContent())!, /\$50 every month/);
    await page.click('button:has-text("Pay $50 (test)")');
    await page.waitForURL(/\/support\/thanks/);
    assert.match((await page.locator('main, body').first().textContent())!, /Your contribution of \$50 every month keeps this journalism free/);
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('masthead.support') ?? '{}').supporterUntil > Date.now());

    const thanked = await read(page, articles[3]!.url);
    assert.match(thanked ?? '', /Thank you for supporting us/, 'a supporter is thanked instead of asked');
    assert.equal(await read(page, articles[4]!.url), null, 'and then left alone: no ask at all');

    const stats = (await t.db.database.db.execute(
      sql`select sum(views)::int as views, sum(clicks)::int as clicks from ask_stats where test_id = ${usTest}`,
    )) as unknown as { rows: { views: number; clicks: number }[] };
    assert.ok(stats.rows[0]!.views >= 2, `views counted: ${stats.rows[0]!.views}`);
    assert.equal(stats.rows[0]!.clicks, 1);
    const payment = (await t.db.database.db.execute(sql`select amount_minor, currency, frequency, test_id, country from payments`)) as unknown as {
      rows: unknown[];
    };
    assert.deepEqual(
      payment.rows,
      [{ amount_minor: 5000, currency: 'USD', frequency: 'monthly', test_id: usTest, country: 'US' }],
      'the payment is credited to the ask that led to it',
    );
    await context.close();
  });

  it('the donor, signed out, changes and then stops the monthly contribution from the link their receipt carries', async () => {
    const [recurring] = (
      (await t.db.database.db.execute(sql`select id from recurring_contributions where email = 'us.reader@readers.example'`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;
    // The very link the receipt carries (the receipt itself is checked through SMTP in src/revenue/manage.int.test.ts).
    const { url } = await manageUrl({ now: () => new Date(), publicUrl: base }, t.db.database.db, recurring!.id);
    const context = await localContext(browser, { viewport: { width: 390, height: 844 } });
    const page = await watchedPage(context, errors, dialogs);
    await page.goto(url);
    assert.match((await page.locator('main').textContent())!, /\$50 every month/);
    await page.fill('#amount', '20');
    await page.check('input[name="frequency"][value="annual"]');
    await page.click('button:has-text("Change my contribution")');
    await page.locator('.form-notice, [role="status"]').first().waitFor();
    assert.match((await page.locator('main').textContent())!, /Your contribution is changed[\s\S]*\$20 every year/);
    await page.click('button:has-text("Stop my contribution")');
    await page.waitForURL(/done=stopped/);
    assert.match((await page.locator('main').textContent())!, /This contribution is stopped/);
    assert.equal(await page.locator('button:has-text("Stop my contribution")').count(), 0);
    const row = (await t.db.database.db.execute(
      sql`select status, amount_minor, frequency from recurring_contributions where id = ${recurring!.id}`,
    )) as unknown as { rows: unknown[] };
    assert.deepEqual(row.rows, [{ status: 'cancelled', amount_minor: 2000, frequency: 'annual' }]);
    await context.close();
  });

  it('ran without script errors or dialogs', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(dialogs, []);
  });
});

/**
 * With Stripe connected, "Continue to payment" and "Change or stop it" answer with a redirect
 * to Stripe's own pages. Chromium applies the page's CSP `form-action` to where a form's
 * redirects lead, so the policy must name Stripe's origins (here the stand-in's, on another
 * origin than the site) or the reader is stopped at the last step.
 */
describe('support forms reach Stripe Checkout and the customer portal in Chromium', () => {
  const SECRET_KEY = 'sk_test_csp';
  let t: TestApp;
  let stripe: Awaited<ReturnType<typeof startStripeApi>>;
  let browser: Browser;
  let base: string;

  before(async () => {
    stripe = await startStripeApi(SECRET_KEY, { pages: true });
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: 'whsec_csp', STRIPE_API_BASE: stripe.url } });
    await seedDemo(t.db.database, t.storage);
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await stripe?.stop();
  });

  /** Submits with `submit` and says where the reader ended up: Stripe's page, or refused by the CSP. */
  async function submitTo(page: Page, submit: () => Promise<void>, stripePath: string): Promise<string> {
    const refused = new Promise<string>((resolve) =>
      page.on('console', (m) => /Content Security Policy/i.test(m.text()) && resolve(`refused by the CSP: ${m.text()}`)),
    );
    const arrived = page
      .waitForURL((url) => url.href.startsWith(`${stripe.url}${stripePath}`))
      .then(
        () => 'arrived',
        (error: Error) => `the navigation failed: ${error.message.split('\n')[0]}`,
      );
    await submit();
    return Promise.race([arrived, refused]);
  }

  it("a reader continues from the support form to Checkout on Stripe's origin", async () => {
    const context = await localContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/support?amount=10&currency=USD&frequency=one-off`);
    await page.fill('#email', 'csp.reader@readers.example');
    const outcome = await submitTo(page, () => page.click('button:has-text("Continue to payment")'), '/c/pay/');
    assert.equal(outcome, 'arrived');
    assert.match((await page.locator('h1').textContent())!, /Checkout \(Stripe stand-in\)/);
    // Exactly the configured origins: Stripe's two and the stand-in answering in its place, no wildcard.
    const csp = (await page.request.get(`${base}/support`)).headers()['content-security-policy'] ?? '';
    assert.match(
      csp,
      new RegExp(`form-action 'self' https://checkout\\.stripe\\.com https://billing\\.stripe\\.com ${stripe.url.replace(/[.]/g, '\\.')};`),
      csp,
    );
    assert.doesNotMatch(csp, /form-action[^;]*\*/, 'no wildcard');
    await context.close();
  });

  it("a signed-in giver goes from their contributions to Stripe's customer portal", async () => {
    const db = t.db.database.db;
    const user = await createUser(db, { email: 'portal.reader@readers.example', role: 'reader', displayName: 'Portal Reader' });
    const session = await startSession(db, { id: user.id, role: 'reader' }, 'password', { userAgent: 'test', ip: '127.0.0.1' }, new Date(), true, false);
    await insertRecurring(db, {
      userId: user.id,
      email: 'portal.reader@readers.example',
      amountMinor: 1500,
      currency: 'USD',
      frequency: 'monthly',
      country: 'US',
      testId: null,
      variantId: null,
      provider: 'stripe',
      providerRef: 'sub_test_csp',
      customerRef: 'cus_test_csp',
      at: new Date(),
    });
    const context = await localContext(browser, { viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: t.app.cookieNames.session, value: session.token, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/account/contributions`);
    const outcome = await submitTo(page, () => page.click('button:has-text("Change or stop it (on Stripe)")'), '/p/session/');
    assert.equal(outcome, 'arrived');
    assert.match((await page.locator('h1').textContent())!, /Customer portal \(Stripe stand-in\)/);
    assert.ok(stripe.calls.some((c) => c.path === '/v1/billing_portal/sessions' && c.params.get('customer') === 'cus_test_csp'));
    await context.close();
  });
});
