import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../support/app.ts';
import { signedInStaff } from '../support/accounts.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';

/**
 * What the newsroom's browser tests (newsroom*.test.ts) share: the demo site served on a free
 * port with its job queue running on a clock the test can move, a Chromium, a photo to upload,
 * and ways to open signed-in browsers and read articles back through the Admin API.
 */

export const SHOTS = path.resolve('.test-artifacts/screenshots');
export const PASSWORD = 'the night desk passphrase';

export const ready = (page: Page) => page.waitForSelector('body[data-editor-ready="true"]');
export const saved = (page: Page) => page.waitForSelector('[data-save-state="saved"]');

/** Starts it all; `now` is the app's clock, `errors` and `dialogs` collect what every page opened through `open` reports. */
export async function startNewsroom(now: () => Date, errors: string[], dialogs: string[]) {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: base }, now });
  await seedDemo(t.db.database, t.storage);
  t.app.ctx.events.everythingChanged();
  await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
  await t.app.listen({ host: '127.0.0.1', port });
  await t.app.jobs.start();

  fs.mkdirSync(SHOTS, { recursive: true });
  const photoPath = path.join(SHOTS, 'harbour-upload.jpg');
  fs.writeFileSync(
    photoPath,
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#35627f' } })
      .jpeg()
      .toBuffer(),
  );
  const browser = await launchBrowser();

  const open = (context: BrowserContext) => watchedPage(context, errors, dialogs);
  const newContext = () => localContext(browser, { viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  /** A browser signed in as a staff member made here (sessions as after a passkey sign-in). */
  async function staffBrowser(role: 'contributor' | 'writer' | 'editor' | 'admin', name: string) {
    const staff = await signedInStaff(t, role, name);
    const context = await newContext();
    await context.addCookies([{ name: t.app.cookieNames.session, value: staff.agent.cookies.get(t.app.cookieNames.session)!, url: base }]);
    return { context, page: await open(context), id: staff.id };
  }
  const stored = async (id: string) => (await t.admin('GET', `/api/admin/articles/${id}`)).json();
  /** A published demo article with an author: what the tests that need one to copy from start with. */
  const publishedArticle = async (): Promise<string> =>
    (await t.admin('GET', '/api/admin/articles?status=published&limit=100')).json().items.find((a: { authors: unknown[] }) => a.authors.length > 0).id;

  return { t, browser, base, photoPath, open, newContext, staffBrowser, stored, publishedArticle };
}

export type Newsroom = Awaited<ReturnType<typeof startNewsroom>>;
