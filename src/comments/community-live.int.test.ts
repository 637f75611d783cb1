import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { engine } from '../../test/support/database.ts';
import { listen } from '../../test/support/sse.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db/open.ts';
import { mailDailyDigests } from './notifications/service.ts';
import { closeCommunity, moderatedDiscussion, openCommunity, type Community, type Reader } from '../../test/support/community.ts';

/** Live updates and reply notices, on a discussion its moderators have already worked on. */
describe(`comments community on ${engine}: live updates, replies and their e-mail`, () => {
  let community: Community;
  let t: Community['t'];
  let smtp: Community['smtp'];
  let port: Community['port'];
  let clock: Community['clock'];
  let tick: Community['tick'];
  let article: Community['article'];
  let ana: Community['ana'];
  let ben: Community['ben'];
  let post: Community['post'];

  before(async () => {
    community = await openCommunity();
    ({ t, smtp, port, clock, tick, article, ana, ben, post } = community);
    await moderatedDiscussion(community);
  });
  after(() => closeCommunity(community));

  it('streams new comments live to readers on the page, replies to the reader they answer, and what a reconnecting reader missed', async () => {
    const anaComment = (await ana.agent.get(`/api/articles/${article.id}/comments?sort=oldest`)).json().threads[0];
    const cookie = (who: Reader) => [...who.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const stranger = listen(port, `/api/articles/${article.id}/comments/live`);
    const author = listen(port, `/api/articles/${article.id}/comments/live`, { cookie: cookie(ana) });
    assert.equal(await stranger.opened, 200);
    // Each stream is subscribed before its 200 is written (LiveChannel.open): nothing to wait for.
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
