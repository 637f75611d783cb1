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

async function executable(): Promise<string> {
  // MASTHEAD_TEST_BROWSER=packaged checks the fresh-machine path where Debian's is installed.
  for (const candidate of process.env.MASTHEAD_TEST_BROWSER === 'packaged'
    ? []
    : [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
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
