import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { listen } from '../../test/support/sse.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/open.ts';
import { updateUser } from '../accounts/users/repository.ts';
import { mailDailyDigests } from './notifications/service.ts';

type Reader = { agent: Agent; csrf: string; id: string };
type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe(`comments community on ${engine}: moderation queue, sanctions, live updates, replies, follows`, () => {
  let t: TestApp;
  let smtp: Smtp;
  let port: number;
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  const tick = (ms = 61_000) => (clock.now = new Date(clock.now.getTime() + ms));
  let article: { id: string; slug: string };
  let ana: Reader;
  let ben: Reader;
  let mod: Reader;
  let n = 0;

  async function reader(name: string): Promise<Reader> {
    const made = await signedInStaff(t, 'reader', name, `198.51.100.${10 + n++}`);
    await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
    return made;
  }
  const post = (who: Reader, body: Record<string, unknown>) => who.agent.postJson(`/api/articles/${article.id}/comments`, body, who.csrf);
  const status = async (id: string) =>
    ((await t.db.database.db.execute(sql`select status from comments where id = ${id}`)) as unknown as { rows: { status: string }[] }).rows[0]?.status;
  const discussionCount = async () => ((await t.get(`/api/articles/${article.id}/comments`)).json() as { count: number }).count;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ now: () => clock.now, env: { SMTP_URL: smtp.url } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    ana = await reader('Ana Reader');
    ben = await reader('Ben Reader');
    const moderator = await signedInStaff(t, 'reader', 'Mo Moderator', '198.51.100.200');
    await updateUser(t.db.database.db, moderator.id, { role: 'moderator' }, new Date());
    mod = moderator;
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  it('holds a first comment in the queue; a moderator approves it from the queue with the reader told why it waited', async () => {
    const first = await post(ana, { text: 'Ana starts the discussion.' });
    assert.equal(first.json().comment.status, 'held');
    const id = first.json().comment.id;

    const mine = await ana.agent.get(`/api/articles/${article.id}/comments/mine`);
    assert.equal(mine.json().held[0].id, id);
    assert.match(mine.json().held[0].reason, /first comments of new readers/);

    assert.equal((await ben.agent.get('/newsroom/moderation')).statusCode, 403, 'readers have no queue');
    const queue = await mod.agent.get('/newsroom/moderation?queue=held');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Ana starts the discussion\./);
    assert.match(queue.body, /new-reader<\/strong> \(hold\)/, 'the moderator sees every finding');

    const approve = await mod.agent.post(`/newsroom/moderation/comments/${id}/approve`, { _csrf: mod.csrf, back: '/newsroom/moderation?queue=held' });
    assert.equal(approve.statusCode, 303);
    assert.equal(approve.headers.location, '/newsroom/moderation?queue=held&done=approved');
    assert.equal(await status(id), 'published');
    assert.equal(await discussionCount(), 1);
    assert.equal((await ana.agent.get(`/api/articles/${article.id}/comments/mine`)).json().held.length, 0);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${ana.id}`);
    assert.match(history.body, /approved by Mo Moderator/);
  });

  it('rejects with a reason (none given: the page says so), keeps flagged comments or removes them, counts follow', async () => {
    tick();
    await post(ben, { text: 'Ben has a first thought.' });
    await t.db.database.db.execute(sql`update comments set status = 'published' where status = 'held'`);
    tick();
    const second = (await post(ben, { text: 'Ben goes too far here.' })).json().comment;
    assert.equal(second.status, 'published');
    const before = await discussionCount();

    const noReason = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, {
      _csrf: mod.csrf,
      back: '/newsroom/moderation?queue=recent',
      reason: '  ',
    });
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /Give a reason for removing it/);
    assert.equal(await status(second.id), 'published', 'nothing changed');

    await ana.agent.postJson(`/api/comments/${second.id}/flags`, { reason: 'abuse', note: 'Personal attack' }, ana.csrf);
    const flagged = await mod.agent.get('/newsroom/moderation?queue=flagged');
    assert.match(flagged.body, /Flagged: <strong>abuse<\/strong>: Personal attack/);
    assert.match(flagged.body, /Flagged by readers \(1\)/);

    const reject = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, {
      _csrf: mod.csrf,
      back: '/newsroom/moderation?queue=flagged',
      reason: 'Attacks another reader',
    });
    assert.equal(reject.statusCode, 303);
    assert.equal(await status(second.id), 'rejected');
    assert.equal(await discussionCount(), before - 1);
    assert.doesNotMatch((await mod.agent.get('/newsroom/moderation?queue=flagged')).body, /Ben goes too far/);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${ben.id}`);
    assert.match(history.body, /removed-after-flags \(Attacks another reader\)/);
    const again = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, { _csrf: mod.csrf, reason: 'Twice' });
    assert.equal(again.statusCode, 409, 'a rejected comment cannot be rejected again');
  });

  it('suspends and bans readers with a reason they are shown, lifts it, and never sanctions staff', async () => {
    const sanction = (id: string, form: Record<string, string>) => mod.agent.post(`/newsroom/moderation/readers/${id}/sanction`, { _csrf: mod.csrf, ...form });
    assert.equal((await sanction(ben.id, { kind: 'suspension', days: '0', reason: 'Cool off' })).statusCode, 422);
    assert.equal((await sanction(ben.id, { kind: 'suspension', days: '3', reason: '' })).statusCode, 422);
    assert.equal((await sanction(mod.id, { kind: 'ban', reason: 'Testing' })).statusCode, 403);
    assert.equal((await sanction(ben.id, { kind: 'suspension', days: '3', reason: 'Cool off for a few days' })).statusCode, 303);
    tick();
    const refused = await post(ben, { text: 'Can I still post?' });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /until .* UTC: Cool off for a few days/);

    assert.equal((await sanction(ben.id, { kind: 'ban', reason: 'Repeated abuse' })).statusCode, 303);
    const banned = await post(ben, { text: 'And now?' });
    assert.equal(banned.statusCode, 403);
    assert.match(banned.json().error.message, /You cannot comment: Repeated abuse/);

    assert.equal((await mod.agent.post(`/newsroom/moderation/readers/${ben.id}/lift`, { _csrf: mod.csrf })).statusCode, 303);
    tick();
    assert.equal((await post(ben, { text: 'Back, and polite.' })).statusCode, 201);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${ben.id}`);
    for (const event of ['suspended for 3 days', 'banned', 'sanction lifted']) assert.match(history.body, new RegExp(event));
  });

  it('streams new comments live to readers on the page, replies to the reader they answer, and what a reconnecting reader missed', async () => {
    const anaComment = (await ana.agent.get(`/api/articles/${article.id}/comments?sort=oldest`)).json().threads[0];
    const cookie = (who: Reader) => [...who.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const stranger = listen(port, `/api/articles/${article.id}/comments/live`);
    const author = listen(port, `/api/articles/${article.id}/comments/live`, { cookie: cookie(ana) });
    assert.equal(await stranger.opened, 200);
    // Each stream is subscribed before its 200 is written (CommentsLive.open): nothing to wait for.
    assert.equal(await author.opened, 200);

    tick();
    const reply = (await post(ben, { text: 'Ben answers Ana, live.', parentId: anaComment.id })).json().comment;
    await stranger.until(() => stranger.events.some((e) => e.event === 'comment' && e.data.id === reply.id), 'live comment');
    await author.until(() => author.events.some((e) => e.event === 'notification'), 'notification');
    const notice = author.events.find((e) => e.event === 'notification')!.data;
    assert.equal(notice.from, 'Ben Reader');
    assert.equal(notice.commentId, reply.id);
    assert.equal(notice.unread, 1);
    assert.ok(!stranger.events.some((e) => e.event === 'notification'), 'only the reader replied to is told');
    const live = stranger.events.find((e) => e.data.id === reply.id)!;
    assert.equal(live.data.parentId, anaComment.id);
    assert.equal(live.data.body, 'Ben answers Ana, live.');

    // An edit reaches the page too.
    await ben.agent.json('PATCH', `/api/comments/${reply.id}`, { text: 'Ben answers Ana, live (edited).' }, ben.csrf);
    await stranger.until(() => stranger.events.some((e) => e.data.id === reply.id && e.data.edited), 'edit');
    stranger.close();
    author.close();

    // A browser that reconnects names the last comment it saw and gets what came after.
    const back = listen(port, `/api/articles/${article.id}/comments/live`, { 'last-event-id': new Date(clock.now.getTime() - 1000).toISOString() });
    await back.until(() => back.events.some((e) => e.data.id === reply.id), 'replayed comment');
    back.close();

    assert.equal((await t.get('/api/articles/00000000-0000-4000-8000-000000000000/comments/live')).statusCode, 404);
    assert.equal((await ana.agent.get('/api/me')).json().unreadReplies, 1);
    assert.equal((await ana.agent.get('/api/notifications')).json().unread, 1);
  });

  it('shows "replies to you", marks them read, and e-mails them at once, daily or never as the reader chose', async () => {
    const page = await ana.agent.get('/account/replies');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ben Reader<\/a> replied on/);
    assert.equal((await ana.agent.get('/api/me')).json().unreadReplies, 0, 'reading the page reads them');

    const choose = (who: Reader, choice: string) => who.agent.post('/account/replies/mail', { _csrf: who.csrf, replyMail: choice });
    assert.equal((await choose(ana, 'hourly')).statusCode, 422);
    assert.equal((await choose(ana, 'immediate')).statusCode, 303);
    const anaTop = (await ana.agent.get(`/api/articles/${article.id}/comments?sort=oldest`)).json().threads[0];
    tick();
    const reply = (await post(ben, { text: 'Another answer for Ana, by e-mail at once.', parentId: anaTop.id })).json().comment;
    await t.app.jobs.runDue();
    await t.app.jobs.runDue();
    const mails = smtp.for('ana.reader@newsroom.example');
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /Ben Reader replied to your comment/);
    assert.match(mails[0]!.text, /Another answer for Ana/);
    assert.ok(mails[0]!.links.some((l) => l.endsWith(`/comments/${reply.id}`)));
    await t.app.jobs.runDue();
    assert.equal(smtp.for('ana.reader@newsroom.example').length, 1, 'a job run again sends nothing twice');

    // Ben chose nothing: the daily digest. Ana replies twice; one e-mail carries both.
    const benComment = (await ben.agent.get(`/readers/${ben.id}`)).body.match(/\/comments\/([0-9a-f-]{36})/)![1]!;
    tick();
    await post(ana, { text: 'Ana replies to Ben once.', parentId: benComment });
    tick();
    await post(ana, { text: 'And Ana replies to Ben twice.', parentId: benComment });
    await t.app.jobs.runDue();
    assert.equal(smtp.for('ben.reader@newsroom.example').length, 0, 'daily readers wait for the digest');
    const mailDeps = { database: t.db.database, site: 'The Masthead', publicUrl: 'https://news.example', now: () => clock.now };
    assert.equal(await mailDailyDigests(mailDeps), 1);
    await t.app.jobs.runDue();
    const digest = smtp.for('ben.reader@newsroom.example');
    assert.equal(digest.length, 1);
    assert.match(digest[0]!.subject, /2 replies to your comments/);
    assert.equal(await mailDailyDigests(mailDeps), 0, 'the next digest has nothing new');

    assert.equal((await choose(ben, 'never')).statusCode, 303);
    tick();
    await post(ana, { text: 'A third reply Ben will not be mailed.', parentId: benComment });
    assert.equal(await mailDailyDigests(mailDeps), 0);
  });

  it('follows readers: profile pages, the feed of people one follows, no following oneself', async () => {
    const profile = await t.get(`/readers/${ben.id}`);
    assert.equal(profile.statusCode, 200);
    assert.match(profile.body, /Back, and polite\./);
    assert.doesNotMatch(profile.body, /Ben goes too far/, 'rejected comments are not on the profile');
    assert.match(profile.body, /Sign in to follow Ben Reader/);
    assert.equal((await t.get('/readers/not-a-reader')).statusCode, 404);

    const follow = (id: string) => ana.agent.post(`/readers/${id}/follow`, { _csrf: ana.csrf });
    const self = await follow(ana.id);
    assert.equal(self.statusCode, 422);
    assert.match(self.body, /You cannot follow yourself/);
    assert.equal((await follow('00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await follow(ben.id)).headers.location, `/readers/${ben.id}`);
    assert.equal((await follow(ben.id)).statusCode, 303, 'following twice is a no-op');
    assert.equal(((await t.db.database.db.execute(sql`select count(*)::int as n from reader_follows`)) as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);
    const feed = await ana.agent.get('/account/following');
    assert.match(feed.body, /Back, and polite\./);
    assert.match((await ana.agent.get(`/readers/${ben.id}`)).body, /Following: stop/);

    const stop = await ana.agent.post(`/readers/${ben.id}/unfollow`, { _csrf: ana.csrf, back: '/account/following' });
    assert.equal(stop.headers.location, '/account/following');
    assert.doesNotMatch((await ana.agent.get('/account/following')).body, /Back, and polite\./);
  });

  it('a comment has a permalink page with the conversation above and below it', async () => {
    const top = (await t.get(`/api/articles/${article.id}/comments?sort=oldest`)).json().threads[0];
    const reply = top.replies[0];
    const page = await t.get(`/comments/${reply.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Earlier in the conversation/);
    assert.match(page.body, /Ana starts the discussion\./);
    assert.match(page.body, /data-nosnippet/);
    const held = (await post(await reader('Cleo Reader'), { text: 'Cleo is new here.' })).json().comment;
    assert.equal((await t.get(`/comments/${held.id}`)).statusCode, 404, 'held comments have no public page');
    assert.equal((await t.get(`/discussion/${article.id}`)).statusCode, 200);
  });

  it("shows the Author badge on the byline writer's comment once their account is linked", async () => {
    const writer = await signedInStaff(t, 'writer', 'Ada Writer', '198.51.100.201');
    await updateUser(t.db.database.db, writer.id, { emailVerifiedAt: new Date() }, new Date());
    const authorId = (
      (await t.db.database.db.execute(sql`select author_id as id from article_authors where article_id = ${article.id}`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
    tick();
    const before = (await post(writer, { text: 'The writer answers questions.' })).json().comment;
    assert.deepEqual([before.author.staff, before.author.byline], [true, false]);
    const editor = await signedInStaff(t, 'editor', 'Eda Editor', '198.51.100.202');
    assert.match((await editor.agent.get('/newsroom/taxonomy')).body, /Newsroom account \(for the Author badge on comments\)/);
    assert.equal(
      (await writer.agent.post('/newsroom/taxonomy/author/account', { _csrf: writer.csrf, id: authorId, userId: writer.id })).statusCode,
      403,
      'writers do not link bylines',
    );
    const link = await editor.agent.post('/newsroom/taxonomy/author/account', { _csrf: editor.csrf, id: authorId, userId: writer.id });
    assert.equal(link.statusCode, 303, link.body);
    assert.equal(
      (await editor.agent.post('/newsroom/taxonomy/author/account', { _csrf: editor.csrf, id: authorId, userId: ana.id })).statusCode,
      422,
      'only newsroom accounts',
    );
    const after = (await t.get(`/api/articles/${article.id}/comments`)).json().threads.find((c: { id: string }) => c.id === before.id);
    assert.equal(after.author.byline, true);
    assert.match((await t.get(`/comments/${before.id}`)).body, /badge--author/);
  });

  // PGlite lives inside one process; across processes is PostgreSQL's case, run in the PostgreSQL pass.
  if (engine === 'postgres')
    it('live updates cross processes: a second app on the same PostgreSQL database hears the first', async () => {
      const config = loadConfig({ PUBLIC_URL: 'https://news.example', DATABASE_URL: t.db.url!, LOG_LEVEL: 'silent' });
      const database = await openDatabase({ databaseUrl: t.db.url!, poolSize: 2 });
      const other = await buildApp({ config, database, logger: false, now: () => clock.now });
      await other.listen({ host: '127.0.0.1', port: 0 });
      try {
        const stream = listen((other.server.address() as AddressInfo).port, `/api/articles/${article.id}/comments/live`);
        // The other app listens on PostgreSQL before it serves (an onReady hook), and subscribes the stream before its 200.
        assert.equal(await stream.opened, 200);
        tick();
        const made = (await post(ana, { text: 'Posted to one process, read from another.' })).json().comment;
        await stream.until(() => stream.events.some((e) => e.data.id === made.id), 'comment from the other process');
        stream.close();
      } finally {
        await other.close();
        await database.close();
      }
    });
});
