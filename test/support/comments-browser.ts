import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp } from './app.ts';
import { signedInStaff } from './accounts.ts';
import { launchBrowser, localContext, watchedPage } from './browser.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';

export type CommentsBrowser = Awaited<ReturnType<typeof openCommentsBrowser>>;

/**
 * The comments browser suites' world: the demo site served on a free port with its jobs
 * running, Chromium, and readers signed in each in a browser of their own. Every page opened
 * reports its script errors to `errors` and its dialogs to `dialogs`, for the suite to assert on
 * at its end.
 */
export async function openCommentsBrowser() {
  const errors: string[] = [];
  const dialogs: string[] = [];
  let ip = 0;
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: base } });
  await seedDemo(t.db.database, t.storage);
  t.app.ctx.events.everythingChanged();
  await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
  await t.app.listen({ host: '127.0.0.1', port });
  await t.app.jobs.start();
  const first = (await t.get('/api/content/articles?limit=1')).json().items[0];
  const articleId: string = first.id;
  const articleUrl: string = first.url;
  const browser = await launchBrowser();

  /**
   * A browser signed in as a reader with a confirmed address; `trusted` readers have a
   * published comment already, so the new-reader check does not hold what they write.
   */
  async function readerBrowser(name: string, options: { trusted?: boolean; role?: 'reader' | 'moderator' } = {}) {
    const who = await signedInStaff(t, 'reader', name, `203.0.113.${100 + ip++}`);
    await updateUser(t.db.database.db, who.id, { emailVerifiedAt: new Date(), ...(options.role ? { role: options.role } : {}) }, new Date());
    if (options.trusted) {
      await t.db.database.db.execute(
        sql`with made as (select gen_random_uuid() as id)
            insert into comments (id, article_id, author_id, root_id, body, status, created_at)
            select made.id, a.id, ${who.id}, made.id, 'An earlier comment elsewhere.', 'published', now() - interval '30 days'
            from made, articles a where a.id <> ${articleId} and a.status = 'published' limit 1`,
      );
    }
    const context = await localContext(browser, { viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
    await context.addCookies([{ name: t.app.cookieNames.session, value: who.agent.cookies.get(t.app.cookieNames.session)!, url: base }]);
    return { ...who, context, page: await watchedPage(context, errors, dialogs) };
  }

  /** Opens the article and waits for the comments island to take over and go live. */
  async function atComments(page: Page) {
    await page.goto(articleUrl);
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await page.waitForSelector('.comments__live:has-text("Live")');
  }

  return { t, browser, base, articleId, articleUrl, errors, dialogs, readerBrowser, atComments };
}

export async function closeCommentsBrowser(world: CommentsBrowser | undefined) {
  await world?.browser.close();
  await world?.t.close();
}
