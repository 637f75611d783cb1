import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Real Chromium for the browser suite: Debian's package where it is installed, otherwise the
 * build inside the `@sparticuz/chromium` dev dependency, so a machine with only Node still runs
 * the suite. Flags keep it off the network this machine does not have.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Where Debian's Chromium (or one named by CHROMIUM_PATH) may be; none when told to use the packaged build. */
export function chromiumPaths(): string[] {
  // MASTHEAD_TEST_BROWSER=packaged checks the fresh-machine path where Debian's is installed.
  if (process.env.MASTHEAD_TEST_BROWSER === 'packaged') return [];
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((file): file is string => !!file);
}

async function executable(): Promise<string> {
  const installed = chromiumPaths().find((file) => fs.existsSync(file));
  if (installed) return installed;
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

export async function launchBrowser(): Promise<Browser> {
  // `localhost` is where passkey tests run (WebAuthn refuses IP addresses as the site's name).
  return chromium.launch({ executablePath: await executable(), args: [...FLAGS, '--host-resolver-rules=MAP localhost 127.0.0.1'] });
}

/** A context that lets the page reach only our own server, as the test corpora require. */
export async function localContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') return route.continue();
    return route.abort('blockedbyclient');
  });
  return context;
}

/**
 * A context whose pages may show web notifications (alerts' tests), checked on `base`'s origin
 * first: a Chromium that denies them even so (the npm build, `@sparticuz/chromium`) fails here
 * at once, naming the fix, where the tests would otherwise wait for a notification for ever.
 */
export async function notifyingContext(browser: Browser, base: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await localContext(browser, { ...options, permissions: ['notifications'] });
  const probe = await context.newPage();
  await probe.goto(`${base}/robots.txt`);
  const permission = await probe.evaluate(() => Notification.permission);
  await probe.close();
  if (permission !== 'granted') {
    await context.close();
    throw new Error(
      `This Chromium (${await executable()}) denies web notifications though they were granted (permission "${permission}"): ` +
        'install Debian’s package `chromium` (npm test installs it when run as root; see scripts/system-packages.ts).',
    );
  }
  return context;
}

/**
 * A new page whose script errors (console errors other than refused loads, uncaught
 * exceptions) go to `errors` and whose dialogs (an XSS payload's `alert`) go to `dialogs`,
 * dismissed, for a suite to assert on at its end.
 */
export async function watchedPage(context: BrowserContext, errors: string[], dialogs: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on(
    'console',
    (message) => message.type() === 'error' && !/Failed to load resource/.test(message.text()) && errors.push(`${page.url()}: ${message.text().slice(0, 160)}`),
  );
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return page;
}
