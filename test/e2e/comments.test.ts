import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { closeCommentsBrowser, openCommentsBrowser, type CommentsBrowser } from '../support/comments-browser.ts';

/**
 * Comments in Chromium, as readers and moderators use them: two readers in two browsers, one
 * comments and the other sees it arrive and replies, and the first is told; a new reader's
 * comment waits for a moderator who approves it with the keyboard; a banned reader cannot
 * post; a held comment's text never reaches another reader's live stream.
 */
describe('comments in Chromium', () => {
  let world: CommentsBrowser | undefined;
  let t: CommentsBrowser['t'];
  let base: CommentsBrowser['base'];
  let errors: CommentsBrowser['errors'];
  let readerBrowser: CommentsBrowser['readerBrowser'];
  let atComments: CommentsBrowser['atComments'];

  before(async () => {
    world = await openCommentsBrowser();
    ({ t, base, errors, readerBrowser, atComments } = world);
  });
  after(() => closeCommentsBrowser(world));

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

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
