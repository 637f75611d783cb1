import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInStaff } from '../support/accounts.ts';
import { launchBrowser, localContext } from '../support/browser.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';

const SHOTS = path.resolve('.test-artifacts/screenshots');
const WIDTH = 320;

// What readers and writers really paste: an address, a hashtag, a long compound word. None has
// a space, a hyphen or any other place where a line may break by the usual rules.
const ADDRESS = `https://example.org/archive/2026/11/${'0123456789abcdef'.repeat(10)}?utm_source=newsletter&utm_medium=email`;
const HASHTAG = `#${'HarbourSummitTalksContinue'.repeat(4)}`;
const COMPOUND = 'Hafenstadtverkehrsberuhigungsmaßnahmenfinanzierungsausschussvorsitzender';
const ALL = `${COMPOUND} ${HASHTAG} ${ADDRESS}`;

/**
 * Every reader page at the width of a small phone, with an article whose every field holds a
 * long unbroken string, and comments, a profile and account pages that show them: nothing may
 * make the page scroll sideways.
 */
describe(`reader pages at ${WIDTH} px`, () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const pages: { url: string; as: 'anyone' | 'reader' }[] = [];
  let articlePath = '';
  let readerCookie = '';

  /** A reader in good standing (a published comment elsewhere), so what they write is published at once. */
  async function trustedReader(name: string, ip: string) {
    const who = await signedInStaff(t, 'reader', name, ip);
    await updateUser(t.db.database.db, who.id, { emailVerifiedAt: new Date() }, new Date());
    await t.db.database.db.execute(
      sql`with made as (select gen_random_uuid() as id)
          insert into comments (id, article_id, author_id, root_id, body, status, created_at)
          select made.id, a.id, ${who.id}, made.id, 'An earlier comment elsewhere.', 'published', now() - interval '30 days'
          from made, articles a where a.status = 'published' limit 1`,
    );
    return who;
  }

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedDemo(t.db.database, t.storage);
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    t.app.ctx.events.everythingChanged(); // the demo went in behind the running app's back
    const ok = async (response: Awaited<ReturnType<TestApp['admin']>>, status = 201) => {
      assert.equal(response.statusCode, status, response.body.slice(0, 300));
      return response.json();
    };

    const author = await ok(await t.admin('POST', '/api/admin/authors', { name: COMPOUND.slice(0, 60), title: HASHTAG.slice(0, 80), bio: ALL }));
    const topic = await ok(await t.admin('POST', '/api/admin/topics', { name: COMPOUND.slice(0, 60), description: ALL }));
    const imageId = ((await t.db.database.db.execute(sql`select id from images limit 1`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
    const article = await ok(
      await t.admin('POST', '/api/admin/articles', {
        headline: `${COMPOUND} ${HASHTAG}`.slice(0, 180),
        standfirst: ALL,
        bodyMarkdown: [`${ALL}`, `## ${COMPOUND}`, `> ${HASHTAG} ${ADDRESS}`, `- ${ADDRESS}\n- ${COMPOUND}`, `[${ADDRESS}](${ADDRESS})`].join('\n\n'),
        hero: { imageId, alt: 'A harbour at dawn', caption: ALL, credit: HASHTAG.slice(0, 80) },
        authors: [author.slug],
        section: 'world',
        topics: [topic.slug],
        status: 'published',
      }),
    );
    await ok(await t.admin('POST', `/api/admin/articles/${article.id}/corrections`, { kind: 'correction', note: ALL }));

    // Two readers with long names: one comments, the other replies and is followed.
    const writer = await trustedReader(COMPOUND.slice(0, 50), '203.0.113.61');
    const replier = await trustedReader(`${HASHTAG.slice(1, 50)}`, '203.0.113.62');
    const comment = await ok(await writer.agent.postJson(`/api/articles/${article.id}/comments`, { text: `${ALL}\n\n> ${ADDRESS}` }, writer.csrf));
    await ok(
      await replier.agent.postJson(`/api/articles/${article.id}/comments`, { text: `${COMPOUND} ${ADDRESS}`, parentId: comment.comment.id }, replier.csrf),
    );
    assert.equal((await writer.agent.post(`/readers/${replier.id}/follow`, { _csrf: writer.csrf })).statusCode, 303);
    await t.app.jobs.runDue();
    readerCookie = writer.agent.cookies.get(t.app.cookieNames.session)!;

    articlePath = new URL(article.url).pathname;
    for (const url of [
      articlePath,
      '/uk',
      '/us',
      '/world',
      `/topic/${topic.slug}`,
      `/author/${author.slug}`,
      `/search?q=${encodeURIComponent(COMPOUND)}`,
      `/search?q=${encodeURIComponent(`${COMPOUND}${COMPOUND}`.slice(0, 200))}`,
      `/comments/${comment.comment.id}`,
      `/discussion/${article.id}`,
      `/readers/${writer.id}`,
      `/readers/${replier.id}`,
      '/support',
      '/support/thanks',
      '/account/sign-in',
      '/account/register',
      '/account/reset',
      `/a-page-that-is-not-here-${COMPOUND}`,
    ]) {
      pages.push({ url, as: 'anyone' });
    }
    for (const url of [
      '/account',
      '/account/alerts',
      '/account/contributions',
      '/account/following',
      '/account/replies',
      '/account/two-step',
      `/readers/${replier.id}`,
      articlePath,
    ]) {
      pages.push({ url, as: 'reader' });
    }
    await t.app.listen({ host: '127.0.0.1', port });
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function contextFor(as: 'anyone' | 'reader'): Promise<BrowserContext> {
    const context = await localContext(browser, { viewport: { width: WIDTH, height: 640 }, deviceScaleFactor: 1 });
    if (as === 'reader') await context.addCookies([{ name: t.app.cookieNames.session, value: readerCookie, url: base }]);
    return context;
  }

  it('nothing on any reader page scrolls sideways, whatever the text', async () => {
    const wide: string[] = [];
    for (const as of ['anyone', 'reader'] as const) {
      const context = await contextFor(as);
      const page = await context.newPage();
      for (const { url } of pages.filter((p) => p.as === as)) {
        const response = await page.goto(base + url, { waitUntil: 'load' });
        assert.ok(response && response.status() < 500, `${url}: ${response?.status()}`);
        if (url === articlePath) {
          // The article's islands draw after load: measure once the bell and the live comments are in.
          await page.locator('.alerts-bell').waitFor();
          await page.locator('#comments').scrollIntoViewIfNeeded();
          await page.locator('.comments__live:has-text("Live")').waitFor();
          await page.screenshot({ path: path.join(SHOTS, `narrow-article-${as}.png`), fullPage: true });
        }
        const measured = await page.evaluate(() => {
          const width = document.documentElement.scrollWidth;
          const culprits = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth + 0.5)
            .slice(0, 4)
            .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
          return { width, culprits };
        });
        if (measured.width > WIDTH) {
          wide.push(`${as} ${url}: ${measured.width} px wide; ${measured.culprits.join(', ')}`);
          await page.screenshot({ path: path.join(SHOTS, `narrow-${as}-${wide.length}.png`), fullPage: true });
        }
      }
      await context.close();
    }
    assert.deepEqual(wide, []);
  });
});
