import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInStaff } from '../support/accounts.ts';
import { launchBrowser, localContext, watchedPage } from '../support/browser.ts';
import { testdata } from '../support/testdata.ts';
import { freePort } from '../../scripts/postgres.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';
import { parseComment } from '../../src/comments/format/parse.ts';

/**
 * Comments in Chromium, as readers and moderators use them: two readers in two browsers, one
 * comments and the other sees it arrive and replies, and the first is told; a new reader's
 * comment waits for a moderator who approves it with the keyboard; a banned reader cannot
 * post; every XSS payload of the corpus as a comment and as a display name, shown as text.
 */
describe('comments in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articleUrl: string;
  let articleId: string;
  const errors: string[] = [];
  const dialogs: string[] = [];
  let ip = 0;

  before(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: base } });
    await seedDemo(t.db.database, t.storage);
    t.app.ctx.events.everythingChanged();
    await t.db.database.db.execute(sql`delete from jobs where name = 'images.make-avif'`);
    await t.app.listen({ host: '127.0.0.1', port });
    await t.app.jobs.start();
    const first = (await t.get('/api/content/articles?limit=1')).json().items[0];
    articleId = first.id;
    articleUrl = first.url;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const open = (context: BrowserContext) => watchedPage(context, errors, dialogs);

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
    return { ...who, context, page: await open(context) };
  }

  /** Opens the article and waits for the comments island to take over and go live. */
  async function atComments(page: Page) {
    await page.goto(articleUrl);
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await page.waitForSelector('.comments__live:has-text("Live")');
  }

  it('two readers: one comments, the other sees it live and replies, the first is told', async () => {
    const ana = await readerBrowser('Ana Reader', { trusted: true });
    const ben = await readerBrowser('Ben Reader', { trusted: true });
    await Promise.all([atComments(ana.page), atComments(ben.page)]);

    await ana.page.fill('#comments > .island > .comment-form textarea', 'The harbour plan leaves out the night ferries.');
    await ana.page.click('#comments > .island > .comment-form button[type=submit]');
    const mine = ana.page.locator('.comment', { hasText: 'The harbour plan leaves out the night ferries.' });
    await mine.waitFor();
    assert.equal(await ana.page.locator('.comments__count').textContent(), '(1)');

    // Ben did not reload: the comment arrives over the live stream.
    const seen = ben.page.locator('.comment', { hasText: 'The harbour plan leaves out the night ferries.' });
    await seen.waitFor();
    assert.equal(await ben.page.locator('.comments__count').textContent(), '(1)');

    await seen.locator('button:has-text("Reply")').first().click();
    await seen.locator('.comment-form textarea').fill('They run on Fridays only, says the timetable.');
    await seen.locator('.comment-form button[type=submit]').click();
    await ben.page.locator('.comment__replies .comment', { hasText: 'They run on Fridays only' }).waitFor();

    // Ana sees the reply under her comment and a notice that names Ben.
    await ana.page.locator('.comment__replies .comment', { hasText: 'They run on Fridays only' }).waitFor();
    const notice = ana.page.locator('.comments__notice');
    await notice.waitFor();
    assert.match((await notice.textContent())!, /Ben Reader replied to your comment: “They run on Fridays only, says the timetable\.”/);

    // Elsewhere on the site the header counts the unread reply; the replies page lists it.
    await ana.page.goto(`${base}/`);
    await ana.page.locator('.account-link--replies').waitFor();
    assert.equal(await ana.page.locator('.account-link--replies').textContent(), '1 new reply');
    await ana.page.click('.account-link--replies');
    await ana.page.waitForURL(`${base}/account/replies`);
    assert.match((await ana.page.locator('.reader-feed').textContent())!, /Ben Reader replied on/);

    // Recommend, and the recommendation sticks after a reload.
    await atComments(ben.page);
    const anaComment = ben.page.locator('.comments__threads > .comment', { hasText: 'The harbour plan leaves out' });
    await anaComment.locator('button:has-text("Recommend")').first().click();
    await anaComment.locator('button[aria-pressed="true"]').first().waitFor();
    await atComments(ben.page);
    assert.match((await ben.page.locator('.comments__threads > .comment button[aria-pressed="true"]').first().textContent())!, /Recommended \(1\)/);
    await ana.context.close();
    await ben.context.close();
  });

  it("a new reader's comment waits with its reason, and appears once a moderator approves it with the keyboard", async () => {
    const cleo = await readerBrowser('Cleo Newcomer');
    await atComments(cleo.page);
    await cleo.page.fill('#comments > .island > .comment-form textarea', 'First time here: thank you for keeping this free.');
    await cleo.page.click('#comments > .island > .comment-form button[type=submit]');
    const waiting = cleo.page.locator('.comments__held');
    await waiting.waitFor();
    assert.match((await waiting.textContent())!, /Waiting for a moderator: A moderator reads the first comments of new readers/);
    assert.equal(await cleo.page.locator('.comments__threads .comment', { hasText: 'First time here' }).count(), 0);

    const mo = await readerBrowser('Mo Moderator', { role: 'moderator' });
    await mo.page.goto(`${base}/newsroom/moderation`);
    const item = mo.page.locator('[data-moderation-item]', { hasText: 'First time here' });
    await item.waitFor();
    assert.match((await item.textContent())!, /new-reader \(hold\)/);
    await mo.page.waitForFunction(() => document.readyState === 'complete');
    await mo.page.keyboard.press('j');
    await mo.page.keyboard.press('a');
    await mo.page.waitForURL(/done=approved/);
    assert.match((await mo.page.locator('.form-notice').textContent())!, /Approved/);

    // Cleo's page, still open, shows it in the thread; the waiting box is gone.
    await cleo.page.locator('.comments__threads .comment', { hasText: 'First time here' }).waitFor();
    assert.equal(await cleo.page.locator('.comments__held').count(), 0);

    // The moderator bans Cleo from her history page; her next comment is refused with the reason.
    await mo.page.goto(`${base}/newsroom/moderation?queue=recent`);
    await mo.page.locator('[data-moderation-item]', { hasText: 'First time here' }).locator('a[data-key="h"]').click();
    await mo.page.waitForURL(/\/newsroom\/moderation\/readers\//);
    await mo.page.check('input[name=kind][value=ban]');
    await mo.page.fill('form[action$="/sanction"] input[name=reason]', 'Posting for a spam network');
    await mo.page.click('form[action$="/sanction"] button[type=submit]');
    await mo.page.waitForURL(/done=sanctioned/);
    assert.match((await mo.page.locator('.moderation').textContent())!, /Banned: Posting for a spam network/);

    await cleo.page.fill('#comments > .island > .comment-form textarea', 'Buy cheap ferry tickets at my site.');
    await cleo.page.click('#comments > .island > .comment-form button[type=submit]');
    const refused = cleo.page.locator('#comments > .island > .comment-form .form-error');
    await refused.waitFor();
    assert.match((await refused.textContent())!, /You cannot comment: Posting for a spam network/);
    const stored = (await t.db.database.db.execute(sql`select count(*)::int as n from comments where body like 'Buy cheap ferry%'`)) as unknown as {
      rows: { n: number }[];
    };
    assert.equal(stored.rows[0]!.n, 0);
    await cleo.context.close();
    await mo.context.close();
  });

  it("a second reader listening live never receives a held comment's text; its author sees theirs waiting for a moderator", async () => {
    const hana = await readerBrowser('Hana Writer', { trusted: true });
    const bo = await readerBrowser('Bo Listener', { trusted: true });
    // Every message Bo's page receives on its live stream, as the browser got it off the wire.
    const received: string[] = [];
    const cdp = await bo.context.newCDPSession(bo.page);
    await cdp.send('Network.enable');
    cdp.on('Network.eventSourceMessageReceived', (message: { data: string }) => received.push(message.data));
    await Promise.all([atComments(hana.page), atComments(bo.page)]);

    await hana.page.fill('#comments > .island > .comment-form textarea', 'Hana notes the tram timetable changed in public.');
    await hana.page.click('#comments > .island > .comment-form button[type=submit]');
    const shownToBo = bo.page.locator('.comments__threads .comment', { hasText: 'Hana notes the tram timetable' });
    await shownToBo.waitFor({ timeout: 5_000 });

    // Hana changes it into something a moderator must read first (more links than allowed).
    const secret = 'Hana rewrites it privately with links https://one.example/a https://two.example/b https://three.example/c';
    const hers = hana.page.locator('.comments__threads .comment', { hasText: 'Hana notes the tram timetable' });
    await hers.locator('button:has-text("Edit")').first().click();
    await hers.locator('.comment-form textarea').fill(secret);
    await hers.locator('.comment-form button[type=submit]').click();
    const waiting = hana.page.locator('.comments__held');
    await waiting.waitFor();
    assert.match((await waiting.textContent())!, /Waiting for a moderator: .*links.*Hana rewrites it privately/s);

    // Bo's page drops the comment when it goes to the moderator, and never had its new text.
    await shownToBo.waitFor({ state: 'detached', timeout: 5_000 });
    await hana.page.fill('#comments > .island > .comment-form textarea', 'Hana adds a second public note.');
    await hana.page.click('#comments > .island > .comment-form button[type=submit]');
    await bo.page.locator('.comments__threads .comment', { hasText: 'Hana adds a second public note' }).waitFor({ timeout: 5_000 });
    assert.ok(
      received.some((data) => data.includes('Hana adds a second public note')),
      'the stream was watched',
    );
    assert.deepEqual(
      received.filter((data) => data.includes('rewrites it privately')),
      [],
      'no message carried the held text',
    );
    assert.doesNotMatch((await bo.page.locator('#comments').textContent())!, /rewrites it privately/);
    await atComments(bo.page);
    assert.doesNotMatch((await bo.page.locator('#comments').textContent())!, /rewrites it privately|tram timetable/);

    // Hana, reloading, still sees hers waiting, from her own signed-in request.
    await atComments(hana.page);
    await hana.page.locator('.comments__held', { hasText: 'Hana rewrites it privately' }).waitFor();
    await hana.context.close();
    await bo.context.close();
  });

  it('shows every XSS payload, as comments and as display names, as text and never runs one', { timeout: 600_000 }, async () => {
    const payloads = testdata.xss();
    // A story of its own, so the count is the payloads' alone.
    const story = await t.admin('POST', '/api/admin/articles', {
      headline: 'Readers try the comment box',
      standfirst: 'A story for hostile input.',
      bodyMarkdown: 'One paragraph.',
      authors: ['maya-okonkwo'],
      section: 'world',
      status: 'published',
    });
    assert.equal(story.statusCode, 201, story.body);
    const target = (await t.get(`/api/content/articles/${story.json().slug}`)).json();
    const refused: string[] = [];
    const made: { id: string; text: string; name: string }[] = [];
    for (const [i, payload] of payloads.entries()) {
      const who = await signedInStaff(t, 'reader', `Payload Reader ${i}`, `10.9.${i >> 8}.${i & 255}`);
      await updateUser(t.db.database.db, who.id, { emailVerifiedAt: new Date(), displayName: payload }, new Date());
      const response = await who.agent.postJson(`/api/articles/${target.id}/comments`, { text: payload }, who.csrf);
      if (response.statusCode === 201) made.push({ id: response.json().comment.id, text: payload, name: payload });
      else {
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `payload ${i}: ${response.statusCode}`);
        refused.push(response.json().error.message);
      }
    }
    assert.ok(made.length > payloads.length * 0.95, `most payloads are stored (refused: ${[...new Set(refused)].join(' | ')})`);
    const rows = (await t.db.database.db.execute(sql`select id, body from comments where article_id = ${target.id}`)) as unknown as {
      rows: { id: string; body: string }[];
    };
    const byId = new Map(rows.rows.map((r) => [r.id, r.body]));
    for (const m of made) assert.equal(byId.get(m.id), m.text, 'stored exactly as sent');

    // New readers wait for a moderator: the queue shows them all first, then they are published.
    const mo = await readerBrowser('Xena Moderator', { role: 'moderator' });
    await mo.page.goto(`${base}/newsroom/moderation?queue=held`);
    await mo.page.locator('[data-moderation-item]').first().waitFor();
    await t.db.database.db.execute(sql`update comments set status = 'published' where article_id = ${target.id} and status = 'held'`);
    await t.db.database.db.execute(
      sql`update discussions set comment_count = (select count(*) from comments where article_id = ${target.id} and status = 'published') where article_id = ${target.id}`,
    );
    t.app.ctx.events.commentsChanged(target.id);
    await mo.context.close();

    const viewer = await readerBrowser('Vic Viewer');
    await viewer.page.goto(target.url);
    await viewer.page.locator('#comments').scrollIntoViewIfNeeded();
    await viewer.page.waitForSelector('.comments__live:has-text("Live")');
    for (let round = 0; round < 100 && (await viewer.page.locator('.comments__more button').count()); round++) {
      const before = await viewer.page.locator('.comments__threads > .comment').count();
      await viewer.page.click('.comments__more button');
      await viewer.page.waitForFunction((n) => document.querySelectorAll('.comments__threads > .comment').length > n, before);
    }
    const shown = await viewer.page.evaluate(() =>
      [...document.querySelectorAll('.comments__threads > .comment')].map((li) => ({
        id: li.getAttribute('data-comment-id'),
        name: li.querySelector('.comment__author')?.textContent ?? '',
        text: li.querySelector('.comment__body')?.textContent ?? '',
      })),
    );
    assert.equal(shown.length, made.length);
    const shownById = new Map(shown.map((s) => [s.id, s]));
    const flat = (s: string) => s.replace(/\s+/g, '');
    // What the formatting makes of the text: quote markers ("> ") become a blockquote, the rest reads as written.
    const readable = (text: string) =>
      parseComment(text)
        .flatMap((block) => block.lines.flat().map((run) => run.text))
        .join('');
    for (const m of made) {
      const s = shownById.get(m.id)!;
      assert.equal(s.name, m.name, 'the display name reads as written');
      assert.equal(flat(s.text), flat(readable(m.text)), 'the comment reads as written (line breaks become paragraphs)');
    }
    const active = await viewer.page.evaluate(() => {
      const root = document.querySelector('#comments')!;
      const found: string[] = [];
      for (const el of root.querySelectorAll('*')) {
        if (
          ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE', 'IMG', 'FORM', 'META', 'BASE', 'LINK'].includes(el.tagName) &&
          !el.closest('.comment-form')
        )
          found.push(el.tagName);
        for (const attr of el.getAttributeNames())
          if (/^on/i.test(attr) || (/^(href|src|action)$/i.test(attr) && /^\s*(javascript|data|vbscript):/i.test(el.getAttribute(attr)!)))
            found.push(`${el.tagName} ${attr}`);
      }
      return found;
    });
    assert.deepEqual(active, []);
    await viewer.context.close();
    assert.deepEqual(dialogs, [], 'no payload opened a dialog');
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
