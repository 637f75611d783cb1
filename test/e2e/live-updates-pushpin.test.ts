import { after, before, describe, it } from 'node:test';
import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { startPushpin, type Pushpin } from '../support/pushpin.ts';
import { freePort } from '../../scripts/postgres.ts';
import { twoReadersTwoWriters } from './live-updates.fixtures.ts';

/** The same live blog updates with Pushpin in front: browser → Pushpin → app, each entry published to the proxy once. */
describe('live blog updates in Chromium through Pushpin', () => {
  let t: TestApp;
  let browser: Browser;
  let pushpin: Pushpin;
  let base: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const appPort = await freePort();
    pushpin = await startPushpin(appPort, crypto.randomBytes(24).toString('hex'));
    base = `http://127.0.0.1:${pushpin.port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base, GRIP_URL: pushpin.gripUrl } });
    await t.app.listen({ host: '127.0.0.1', port: appPort });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await pushpin?.stop();
  });

  it('two readers, two writers through Pushpin: the same updates, held by the proxy', { timeout: 180_000 }, async () => {
    await twoReadersTwoWriters(t, browser, base, errors, dialogs);
    if (t.app.ctx.live.count !== 0) throw new Error(`the app held ${t.app.ctx.live.count} streams itself: Pushpin should hold them. ${pushpin.logs()}`);
  });
});
