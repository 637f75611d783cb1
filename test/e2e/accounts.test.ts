import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.ts';
import { accountLink } from '../support/accounts.ts';
import { launchBrowser, localContext } from '../support/browser.ts';
import { startSmtp } from '../support/smtp.ts';
import { until } from '../support/wait.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';

const SHOTS = path.resolve('.test-artifacts/screenshots');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

describe('reader accounts in Chromium', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let articlePath: string;
  const errors: string[] = [];
  const email = 'browser.reader@example.org';

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    smtp = await startSmtp();
    t = await createTestApp({ env: { PUBLIC_URL: base, SMTP_URL: smtp.url } });
    await seedDemo(t.db.database, t.storage);
    t.app.ctx.events.everythingChanged();
    // The demo's AVIF encodes would hold up the queue the e-mails go through; not needed here.
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    await t.app.listen({ host: '127.0.0.1', port });
    await t.app.jobs.start();
    const items = (await t.get('/api/content/articles?limit=1')).json().items as { url: string }[];
    articlePath = new URL(items[0]!.url).pathname;
    browser = await launchBrowser();
    context = await localContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.stop();
  });

  /** The next mail to `address` after the `after` it had, whenever the queue sends it. */
  const mailTo = (address: string, after: number) => until(() => smtp.for(address).length > after && smtp.for(address).at(-1)!, 50);

  const accountMenu = () => page.locator('[data-island="account-menu"] a');

  async function axe(name: string) {
    const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
    assert.deepEqual(
      result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
      `${name} has no WCAG 2.2 AA violations`,
    );
    await page.screenshot({ path: path.join(SHOTS, `account-${name}.png`), fullPage: true });
  }

  it('registers from an article, confirms by the e-mail received over SMTP and arrives signed in on that article', async () => {
    await page.goto(base + articlePath, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.querySelector('[data-island="account-menu"] a')?.getAttribute('href')?.includes('returnTo='));
    await accountMenu().click();
    await page.waitForURL(/\/account\/sign-in\?returnTo=/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(/\/account\/register/);
    await axe('register');
    await page.getByLabel('Display name').fill('Browser Reader');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password (optional)').fill('a long enough passphrase');
    await page.getByLabel(/community standards/).check();
    const before = smtp.for(email).length;
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    const link = accountLink(await mailTo(email, before));
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm and continue' }).click();
    await page.waitForURL(base + articlePath);
    await page.waitForFunction(() => document.querySelector('[data-island="account-menu"] a')?.textContent?.includes('Browser Reader'));
  });

  it('signs out, and signs in again with a link by e-mail', async () => {
    await page.goto(`${base}/account`);
    await axe('account');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${base}/`.replace(/\/$/, '') + '/**');
    await page.goto(`${base}/account/sign-in?returnTo=%2Fus`);
    await axe('sign-in');
    await page.locator('#link-email').fill(email);
    const before = smtp.for(email).length;
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await page.goto(accountLink(await mailTo(email, before)));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/us`);
    await page.waitForFunction(() => document.querySelector('[data-island="account-menu"] a')?.textContent?.includes('Browser Reader'));
  });

  it("adds a passkey with Chromium's virtual authenticator and signs in with it alone", async () => {
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
    await page.goto(`${base}/account`);
    await page.getByLabel('Name for a new passkey').fill('Test browser');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(/done=passkey-added/);
    assert.ok(await page.getByText('Test browser').first().isVisible());

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.goto(`${base}/account/sign-in?returnTo=%2Faccount`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${base}/account`);
    assert.ok(await page.getByRole('heading', { name: 'Your account' }).isVisible());
  });

  it('sees each consent in the words agreed to, withdraws one, and finds the change in its history', async () => {
    // Registered while the e-mail briefing was still asked about, and agreed to it.
    await t.db.database.db.execute(sql`insert into consents (id, user_id, kind, granted, wording_version, created_at)
      select gen_random_uuid(), id, 'newsletter', true, 1, now() - interval '30 days' from users where email = ${email}`);
    await page.goto(`${base}/account`);
    await page.getByRole('link', { name: 'Your consents' }).click();
    await page.waitForURL(`${base}/account/consents`);
    assert.ok(await page.getByText('I will follow the community standards when I take part in discussions.').isVisible());
    const briefing = page.locator('#consent-newsletter');
    assert.match((await briefing.locator('blockquote').textContent()) ?? '', /^Send me the morning briefing by e-mail/);
    await axe('consents');
    await briefing.getByRole('button', { name: /^Withdraw/ }).click();
    await page.waitForURL(/\/account\/consents\?done=withdrawn$/);
    assert.ok(await page.getByRole('status').filter({ hasText: 'Your consent is withdrawn.' }).isVisible());
    assert.equal(await briefing.getByRole('heading').textContent(), 'Withdrawn');
    assert.equal(await briefing.getByRole('button').count(), 0, 'a consent no longer asked for is not given again');
    await briefing.getByText('History').click();
    assert.ok(await briefing.getByText(/withdrawn on this page/).isVisible());
    assert.ok(await briefing.getByText(/given when you registered/).isVisible());
  });

  it('downloads the account data and deletes the account', async () => {
    await page.goto(`${base}/account`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download my data' }).click()]);
    const file = await download.path();
    const data = JSON.parse(fs.readFileSync(file!, 'utf8'));
    assert.equal(data.account.email, email);
    assert.equal(data.passkeys[0].name, 'Test browser');
    assert.deepEqual(
      data.consents.filter((c: { kind: string }) => c.kind === 'newsletter').map((c: { granted: boolean }) => c.granted),
      [true, false],
    );

    await page.getByLabel(/I understand my account/).check();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(/done=deletion-scheduled/);
    assert.ok(await page.getByRole('button', { name: 'Keep my account' }).isVisible());
    assert.deepEqual(errors, [], 'no console errors');
  });
});
