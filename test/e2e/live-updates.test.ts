import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { freePort } from '../../scripts/postgres.ts';
import { twoReadersTwoWriters } from './live-updates.fixtures.ts';

/** A live blog's live updates in Chromium, streamed by the app itself. */
describe('live blog updates in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('two readers, two writers: entries, an edit, a deletion, a key event and a pin arrive in order without the page jumping', { timeout: 180_000 }, () =>
    twoReadersTwoWriters(t, browser, base, errors, dialogs),
  );
});
