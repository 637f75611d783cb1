import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startPushService } from '../../test/support/push-service.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { updateUser } from '../accounts/users/repository.ts';
import { requestDeletion } from '../accounts/profile/service.ts';

type Reader = { agent: Agent; csrf: string; id: string };

/** Three links: more than the default setting allows, so the text waits for a moderator. */
const linky = (what: string) => `${what} https://one.example/a https://two.example/b https://three.example/c`;

/**
 * Held, removed and deleted comments reach nobody but their author and the moderators: every
 * page and API a reader or a stranger can read, the counts, profiles and feeds, and what the
 * site sends (reply notices, e-mails, pushes). The live stream has its own suite (live.int.test.ts).
 */
describe(`moderation never leaks on ${engine}: comment pages, threads, counts, profiles, feeds, notices, e-mail, push`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let push: Awaited<ReturnType<typeof startPushService>>;
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-ca-'));
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  const tick = (ms = 13_000) => (clock.now = new Date(clock.now.getTime() + ms));
  let article: { id: string; slug: string; url: string };
  let ana: Reader;
  let ben: Reader;
  let cleo: Reader;
  let mod: Reader;
  let n = 0;

  /** A reader with a confirmed address; `trusted` ones have a published comment elsewhere (past the new-reader check). */
  async function reader(name: string, trusted: boolean): Promise<Reader> {
    const made = await signedInStaff(t, 'reader', name, `198.51.100.${40 + n++}`);
    await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
    if (trusted) {
      await t.db.database.db.execute(
        sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status, created_at)
            select made.id, a.id, ${made.id}, made.id, 'An earlier comment elsewhere.', 'published', now() - interval '30 days' from made, articles a where a.id <> ${article.id} limit 1`,
      );
    }
    return made;
  }
  const post = async (who: Reader, text: string, parentId?: string) => {
    tick();
    const answer = await who.agent.postJson(`/api/articles/${article.id}/comments`, { text, ...(parentId ? { parentId } : {}) }, who.csrf);
    assert.ok(answer.statusCode === 201, answer.body);
    return answer.json().comment as { id: string; status: string };
  };
  const edit = (who: Reader, id: string, text: string) => who.agent.json('PATCH', `/api/comments/${id}`, { text }, who.csrf);
  const reject = (id: string) => mod.agent.post(`/newsroom/moderation/comments/${id}/reject`, { _csrf: mod.csrf, reason: 'Breaks the community standards' });
  const count = async () => (await t.get(`/api/articles/${article.id}/comments`)).json().count as number;

  /** Everything about the discussion a stranger, another reader or a follower can read. */
  async function everythingPublic(extra: string[] = []): Promise<string> {
    const sectionPage = article.url.slice(0, article.url.lastIndexOf('/'));
    const pages = [
      await t.get(`/api/articles/${article.id}/comments`),
      await t.get(`/api/articles/${article.id}/comments?sort=oldest`),
      await t.get(`/api/articles/${article.id}/comments?sort=recommended`),
      await t.get(new URL(article.url).pathname),
      await t.get(new URL(sectionPage).pathname),
      await t.get(`/discussion/${article.id}`),
      await t.get(`/readers/${ana.id}`),
      await ben.agent.get(`/readers/${ana.id}`),
      await ben.agent.get('/account/following'),
      ...(await Promise.all(extra.map((url) => t.get(url)))),
    ];
    for (const page of pages) assert.ok(page.statusCode < 500, `${page.statusCode} ${page.body.slice(0, 200)}`);
    return pages.map((p) => p.body).join('\n');
  }

  before(async () => {
    smtp = await startSmtp();
    push = await startPushService();
    fs.writeFileSync(path.join(caDir, 'ca.pem'), push.ca);
    t = await createTestApp({
      now: () => clock.now,
      env: { SMTP_URL: smtp.url, PUSH_ALLOW_LOOPBACK: '1', PUSH_EXTRA_SERVICES: new URL(push.origin).host, PUSH_CA_FILE: path.join(caDir, 'ca.pem') },
    });
    await seedBasics(t);
    await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published', headline: 'An older story elsewhere' }));
    const made = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    article = { ...made, url: (await t.get(`/api/content/articles/${made.slug}`)).json().url };
    ana = await reader('Ana Reader', true);
    ben = await reader('Ben Reader', true);
    cleo = await reader('Cleo Newcomer', false);
    mod = await signedInStaff(t, 'reader', 'Mo Moderator', '198.51.100.250');
    await updateUser(t.db.database.db, mod.id, { role: 'moderator' }, new Date());
    assert.equal((await ben.agent.post(`/readers/${ana.id}/follow`, { _csrf: ben.csrf })).statusCode, 303);
  });
  after(async () => {
    await t.close();
    await smtp.stop();
    await push.stop();
    fs.rmSync(caDir, { recursive: true, force: true });
  });

  it('a removed comment leaves no text and no name anywhere, not above the replies on their own page; the replies stay under a marker', async () => {
    const removed = await post(ana, 'Ana says something the moderators take down.');
    const reply = await post(ben, 'Ben answers the remark that is taken down.', removed.id);
    assert.match(await everythingPublic([`/comments/${reply.id}`]), /Ana says something the moderators take down/, 'published, it is public');
    const before = await count();

    assert.equal((await reject(removed.id)).statusCode, 303);
    const seen = await everythingPublic([`/comments/${reply.id}`]);
    assert.doesNotMatch(seen, /Ana says something the moderators take down/);
    const context = (await t.get(`/comments/${reply.id}`)).body;
    assert.doesNotMatch(context, /Ana Reader/, 'the earlier comment is not signed either');
    assert.match(context, /Ben answers the remark that is taken down/);
    assert.equal(await count(), before - 1);

    // The replies keep their place under a marker with no text and no author.
    const top = (await t.get(`/api/articles/${article.id}/comments`)).json().threads.find((c: { id: string }) => c.id === removed.id);
    assert.deepEqual([top.status, top.body, top.author, top.replies[0].id], ['withheld', '', null, reply.id]);
    assert.equal((await t.get(`/comments/${removed.id}`)).statusCode, 404);
  });

  it('a published comment edited into one a moderator reads first is seen by its author only, with the reason', async () => {
    const mine = await post(ana, 'Ana writes a fair point first.');
    const reply = await post(ben, 'Ben agrees with the fair point.', mine.id);
    const before = await count();
    tick();
    const changed = await edit(ana, mine.id, linky('Ana adds links the moderators must read:'));
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().held, true);

    const seen = await everythingPublic([`/comments/${reply.id}`]);
    assert.doesNotMatch(seen, /moderators must read/);
    assert.doesNotMatch(seen, /Ana writes a fair point first/, 'nor the text it had before');
    assert.equal(await count(), before - 1);

    const own = (await ana.agent.get(`/api/articles/${article.id}/comments/mine`)).json().held;
    assert.equal(own[0].id, mine.id);
    assert.match(own[0].body, /moderators must read/);
    assert.match(own[0].reason, /links/);

    // Others learn nothing of it by trying to answer or change it.
    const answer = await cleo.agent.postJson(`/api/articles/${article.id}/comments`, { text: 'Cleo tries to answer.', parentId: mine.id }, cleo.csrf);
    assert.equal(answer.statusCode, 422);
    assert.doesNotMatch(answer.json().error.message, /moderator/);
    assert.equal((await edit(ben, mine.id, 'Ben tries to change it.')).statusCode, 404);
    assert.equal((await ben.agent.json('DELETE', `/api/comments/${mine.id}`, undefined, ben.csrf)).statusCode, 404);
  });

  it('a deleted comment leaves no text or name above its replies', async () => {
    const gone = await post(ana, 'Ana will delete this one.');
    const reply = await post(ben, 'Ben replied before it went.', gone.id);
    assert.equal((await ana.agent.json('DELETE', `/api/comments/${gone.id}`, undefined, ana.csrf)).statusCode, 204);
    const seen = await everythingPublic([`/comments/${reply.id}`]);
    assert.doesNotMatch(seen, /Ana will delete this one/);
    assert.match((await t.get(`/comments/${reply.id}`)).body, /This comment was deleted/);
  });

  it('replies nobody may read send no notice, e-mail or push; the page, counts and feeds never carry them', async () => {
    const run = async () => {
      while ((await t.app.jobs.runDue()) > 0);
    };
    await run(); // what earlier tests queued goes first
    await ana.agent.get('/account/replies'); // and earlier replies are read
    assert.equal((await ana.agent.post('/account/replies/mail', { _csrf: ana.csrf, replyMail: 'immediate' })).statusCode, 303);
    const browser = push.subscribe();
    const subscribed = await ana.agent.postJson(
      '/api/alerts/subscriptions',
      { subscription: { endpoint: browser.endpoint, keys: browser.keys }, choices: { replies: true } },
      ana.csrf,
    );
    assert.equal(subscribed.statusCode, 201, subscribed.body);
    const mailsBefore = smtp.for('ana.reader@newsroom.example').length;
    const top = await post(ana, 'Ana asks the readers a question.');

    // Held from the start (a new reader), removed after publication, edited into held, deleted: all before the jobs run.
    const held = await post(cleo, 'Cleo answers, waiting for a moderator.', top.id);
    assert.equal(held.status, 'held');
    const removed = await post(ben, 'Ben answers with a remark about quokkas that is taken down.', top.id);
    const rewritten = await post(ben, 'Ben answers politely at first.', top.id);
    const deleted = await post(ben, 'Ben answers and thinks better of it.', top.id);
    assert.equal((await reject(removed.id)).statusCode, 303);
    tick();
    assert.equal((await edit(ben, rewritten.id, linky('Ben rewrites with links to be checked:'))).json().held, true);
    assert.equal((await ben.agent.json('DELETE', `/api/comments/${deleted.id}`, undefined, ben.csrf)).statusCode, 204);
    await run();

    const secrets = /waiting for a moderator|quokkas|politely at first|links to be checked|thinks better of it/;
    const mails = smtp.for('ana.reader@newsroom.example').slice(mailsBefore);
    assert.equal(mails.length, 0, `no e-mail: ${mails.map((m) => m.text).join(' | ')}`);
    assert.deepEqual(
      push.for(browser.id).map((m) => m.payload),
      [],
      'no push',
    );
    assert.equal((await ana.agent.get('/api/notifications')).json().unread, 0);
    assert.equal((await ana.agent.get('/api/me')).json().unreadReplies, 0);
    assert.doesNotMatch(JSON.stringify((await ana.agent.get('/api/notifications')).json()), secrets);
    assert.doesNotMatch((await ana.agent.get('/account/replies')).body, secrets);
    assert.doesNotMatch(await everythingPublic([`/comments/${top.id}`]), secrets);
    assert.equal((await t.get(`/api/articles/${article.id}/comments`)).json().threads.find((c: { id: string }) => c.id === top.id).replyCount, 0);

    // Once a moderator approves the held reply, Ana is told of it, by e-mail and push too.
    assert.equal((await mod.agent.post(`/newsroom/moderation/comments/${held.id}/approve`, { _csrf: mod.csrf })).statusCode, 303);
    await run();
    await push.until(() => push.for(browser.id).length === 1);
    assert.match(
      smtp
        .for('ana.reader@newsroom.example')
        .slice(mailsBefore)
        .map((m) => m.text)
        .join('\n'),
      /Cleo answers, waiting for a moderator/,
    );
    assert.doesNotMatch(
      smtp
        .for('ana.reader@newsroom.example')
        .slice(mailsBefore)
        .map((m) => m.text)
        .join('\n'),
      /quokkas|politely at first|links to be checked|thinks better of it/,
    );
  });
  it('an article withdrawn from readers takes its comments with it', async () => {
    const story = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published', headline: 'A story that is withdrawn' }))).json();
    tick();
    const made = await ana.agent.postJson(`/api/articles/${story.id}/comments`, { text: 'Ana comments on the story that is withdrawn.' }, ana.csrf);
    assert.equal(made.statusCode, 201, made.body);
    assert.match((await t.get(`/api/articles/${story.id}/comments`)).body, /story that is withdrawn/);
    assert.equal((await t.admin('POST', `/api/admin/articles/${story.id}/unpublish`)).statusCode, 200);
    const list = await t.get(`/api/articles/${story.id}/comments`);
    assert.equal(list.statusCode, 404);
    assert.doesNotMatch(list.body + (await everythingPublic([`/comments/${made.json().comment.id}`, `/discussion/${story.id}`])), /story that is withdrawn\./);
  });

  // Last: it moves the clock past the grace period.
  it('erased readers: cached pages drop the comments of one who asked, and the name of one who kept them, as the erasure commits', async () => {
    const dee = await reader('Dee Leaver', true);
    const fay = await reader('Fay Quietly', true);
    await post(dee, 'Dee leaves these last words behind.');
    await post(fay, 'Fay keeps this comment but not her name.');
    const page = await t.get(new URL(article.url).pathname);
    assert.match(page.body, /Dee leaves these last words behind/, 'the page, now cached, shows them');
    assert.match(page.body, /Fay Quietly/);
    const erase = async (who: Reader, deleteComments: boolean) => {
      const session = (
        (await t.db.database.db.execute(sql`select token_hash as h from sessions where user_id = ${who.id}`)) as unknown as { rows: { h: string }[] }
      ).rows[0]!.h;
      await requestDeletion(
        { database: t.db.database, publicUrl: 'https://news.example', siteName: 'The Masthead', now: () => clock.now },
        who.id,
        session,
        deleteComments,
      );
    };
    await erase(dee, true);
    await erase(fay, false);
    tick(31 * 86_400_000);
    while ((await t.app.jobs.runDue()) > 0);
    const states = (await t.db.database.db.execute(sql`select state from users where id in (${dee.id}, ${fay.id})`)) as unknown as {
      rows: { state: string }[];
    };
    assert.deepEqual(
      states.rows.map((r) => r.state),
      ['erased', 'erased'],
    );
    const seen = await everythingPublic();
    assert.doesNotMatch(seen, /Dee leaves these last words behind|Dee Leaver|Fay Quietly/);
    assert.match(seen, /Fay keeps this comment but not her name/);
  });
});
