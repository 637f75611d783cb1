import { after, before, describe, it } from 'node:test';
import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createTestApp, seedBasics, type TestApp } from '../support/app.ts';
import { launchBrowser } from '../support/browser.ts';
import { startPushpin, type Pushpin } from '../support/pushpin.ts';
import { until } from '../support/wait.ts';
import { freePort } from '../../scripts/postgres.ts';
import { twoReadersTwoWriters } from './live-updates.fixtures.ts';

/**
 * A live blog's live updates in Chromium, both ways a site may run: streamed by the app itself,
 * and with Pushpin in front (browser → Pushpin → app, each entry published to the proxy once).
 * One app serves both, as a mixed set-up does: a request Pushpin signed gets hold instructions,
 * one straight to the app gets its stream from the app.
 */
describe('live blog updates in Chromium, from the app and through Pushpin', () => {
  let t: TestApp;
  let browser: Browser;
  let pushpin: Pushpin;
  let appBase: string;
  const errors: string[] = [];
  const dialogs: string[] = [];

  before(async () => {
    const appPort = await freePort();
    appBase = `http://127.0.0.1:${appPort}`;
    pushpin = await startPushpin(appPort, crypto.randomBytes(24).toString('hex'));
    t = await createTestApp({ env: { PUBLIC_URL: appBase, GRIP_URL: pushpin.gripUrl } });
    await seedBasics(t);
    await t.app.listen({ host: '127.0.0.1', port: appPort });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await pushpin?.stop();
  });

  it('two readers, two writers: entries, an edit, a deletion, a key event and a pin arrive in order without the page jumping', { timeout: 180_000 }, () =>
    twoReadersTwoWriters(t, browser, { base: appBase, headline: 'Storm night, live', errors, dialogs }),
  );

  it('the same through Pushpin: the updates arrive, and the proxy holds every stream', { timeout: 180_000 }, async () => {
    // The first readers' streams end as their pages close.
    await until(() => t.app.ctx.live.count === 0);
    // Watched all along: the readers' pages close at the end, and a stream the app held would be gone by then.
    let mostHeld = 0;
    const watch = setInterval(() => (mostHeld = Math.max(mostHeld, t.app.ctx.live.count)), 20);
    try {
      await twoReadersTwoWriters(t, browser, { base: `http://127.0.0.1:${pushpin.port}`, headline: 'Gale night, live', errors, dialogs });
    } finally {
      clearInterval(watch);
    }
    if (mostHeld !== 0) throw new Error(`the app held up to ${mostHeld} streams itself: Pushpin should hold them. ${pushpin.logs()}`);
  });
});
