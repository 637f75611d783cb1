import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../support/app.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { startPushpin, type Pushpin } from '../support/pushpin.ts';
import { until } from '../support/wait.ts';
import { freePort } from '../../scripts/postgres.ts';
import { liveBlogs } from '../../src/content/index.ts';
import { MAX_TRIES } from '../../src/web/islands/live-stream.ts';
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

  it('opens the stream again after an answer that is no stream (a proxy’s 502), from where the page was', { timeout: 120_000 }, async () => {
    const made = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Flood watch, live', status: 'published' }))).json();
    const who = () => ({ actor: 'account:test', now: new Date() });
    await liveBlogs.makeLiveBlog(t.app.ctx, made.id, {}, who());
    const post = (title: string) =>
      liveBlogs.createEntry(t.app.ctx, made.id, { title, bodyMarkdown: `${title}.`, writers: ['ada-reporter'] }, { as: 'publish' }, who());
    await post('Rivers rising');
    const context = await localContext(browser, { viewport: { width: 1280, height: 700 } });
    // Its own lists: the browser reports the refused stream as a console error, which is this test's doing.
    const pageErrors: string[] = [];
    const page = await watchedPage(context, pageErrors, dialogs);
    const asked: string[] = [];
    // The first stream request gets what Pushpin answers when a crowd overwhelms it; the browser's EventSource gives up on it.
    await page.route('**/entries/live?*', (route) => {
      asked.push(route.request().url());
      return asked.length === 1 ? route.fulfill({ status: 502, contentType: 'text/plain', body: 'Error while proxying to origin.\n' }) : route.continue();
    });
    await page.goto(`${appBase}/world/${made.slug}`);
    await until(() => asked.length === 1);
    const first = new URL(asked[0]!).searchParams;
    assert.equal(first.get('edition'), 'uk', 'the page’s edition');
    // Posted while the page has no stream: the new stream's catch-up brings it.
    const missed = await post('Levee holds');
    // The new stream comes 7.5 to 15 s later (web/islands/live-stream.ts).
    await page.getByRole('button', { name: 'Show 1 new update' }).waitFor({ timeout: 45_000 });
    assert.equal(asked.length, 2, 'one new stream, after a pause');
    assert.equal(new URL(asked[1]!).searchParams.get('after'), first.get('after'), 'resuming from the change the page has');
    await page.getByRole('button', { name: 'Show 1 new update' }).click();
    await page.locator(`#entry-${missed.id}`).waitFor();
    assert.deepEqual(
      pageErrors.filter((error) => !/EventSource|502/.test(error)),
      [],
      'no script error but the refused stream’s',
    );
    await context.close();
  });

  it('tells the reader, with one control, when the stream keeps being refused and its retries give up', { timeout: 120_000 }, async () => {
    const made = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Harbour strike, live', status: 'published' }))).json();
    await liveBlogs.makeLiveBlog(t.app.ctx, made.id, {}, { actor: 'account:test', now: new Date() });
    const context = await localContext(browser, { viewport: { width: 1280, height: 700 } });
    const pageErrors: string[] = [];
    const page = await watchedPage(context, pageErrors, dialogs);
    // The page's clock is ours to move: the island's retries wait up to two minutes each.
    await page.clock.install();
    const asked: string[] = [];
    // Every stream request gets what a full app answers (web/islands/live-stream.ts retries it).
    await page.route('**/entries/live?*', (route) => {
      asked.push(route.request().url());
      return route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Full."}}' });
    });
    await page.goto(`${appBase}/world/${made.slug}`);
    // The first stream, then MAX_TRIES new ones, each after a pause the page's clock is moved through.
    for (let tries = 1; tries <= MAX_TRIES + 1; tries++)
      await until(async () => {
        if (asked.length >= tries) return true;
        await page.clock.runFor(10_000);
        return false;
      }, 50);
    const reload = page.getByRole('button', { name: 'Live updates stopped: reload' });
    await reload.waitFor();
    assert.equal(await page.locator('.live-updates__status').textContent(), 'Live updates have stopped. Reload the page to check for the latest.');
    assert.equal(await page.locator('.live-updates__show').count(), 1, 'one control where they float, not two on top of each other');
    await page.clock.runFor(10 * 60_000);
    assert.equal(asked.length, MAX_TRIES + 1, 'no more tries after giving up');
    assert.deepEqual(
      pageErrors.filter((error) => !/EventSource|503/.test(error)),
      [],
      'no script error but the refused streams’',
    );
    await context.close();
  });
});
