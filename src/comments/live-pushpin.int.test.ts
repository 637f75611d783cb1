import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startPushpin, type Pushpin } from '../../test/support/pushpin.ts';
import { listen } from '../../test/support/sse.ts';
import { freePort } from '../../scripts/postgres.ts';
import { updateUser } from '../accounts/users/repository.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { openDatabase } from '../platform/db/open.ts';

type Reader = Awaited<ReturnType<typeof signedInStaff>>;

/** A Grip-Sig as Pushpin makes one (an HS256 JWT, issuer "pushpin"), signed with `key`. */
function gripSig(key: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ typ: 'JWT', alg: 'HS256' })}.${part({ iss: 'pushpin', exp: Math.floor(Date.now() / 1000) + 3600 })}`;
  return `${unsigned}.${crypto.createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

/** The status and headers of a live stream opened straight on the app, then hung up. */
function headersOf(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      const ended = new Promise<string>((done) => response.on('end', () => done(body)).on('close', () => done(body)));
      resolve({ status: response.statusCode!, headers: response.headers, body: ended });
      setTimeout(() => request.destroy(), 300);
    });
    request.on('error', reject);
  });
}

/**
 * The live channel behind a real Pushpin (GRIP): readers' streams held by the proxy, each comment
 * published to it once; a request that did not come through it (no signature, or a forged one)
 * served by the app itself; and a second app on the same database whose readers hear the first.
 */
describe(`live comments through Pushpin on ${engine}`, () => {
  const key = crypto.randomBytes(24).toString('hex');
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  const tick = () => (clock.now = new Date(clock.now.getTime() + 61_000));
  let pushpin: Pushpin;
  let t: TestApp;
  let appPort: number;
  let other: FastifyInstance;
  let otherDatabase: Database | undefined;
  let otherPort: number;
  let article: { id: string };
  let ana: Reader;
  let ben: Reader;
  const stream = () => `/api/articles/${article.id}/comments/live`;
  const cookie = (who: Reader) => [...who.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const post = async (who: Reader, text: string, parentId?: string) => {
    tick();
    const answer = await who.agent.postJson(`/api/articles/${article.id}/comments`, { text, ...(parentId ? { parentId } : {}) }, who.csrf);
    assert.equal(answer.statusCode, 201, answer.body);
    assert.equal(answer.json().comment.status, 'published');
    return answer.json().comment as { id: string };
  };

  before(async () => {
    appPort = await freePort();
    pushpin = await startPushpin(appPort, key);
    t = await createTestApp({ now: () => clock.now, env: { GRIP_URL: pushpin.gripUrl } });
    await t.app.listen({ host: '127.0.0.1', port: appPort });
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    let n = 0;
    const reader = async (name: string) => {
      const made = await signedInStaff(t, 'reader', name, `198.51.100.${30 + n++}`);
      await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
      // A reader with a published comment a month old: theirs are published at once, not held for a moderator.
      await t.db.database.db.execute(
        sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status, created_at)
            select made.id, ${article.id}, ${made.id}, made.id, 'An earlier comment.', 'published', now() - interval '30 days' from made`,
      );
      return made;
    };
    ana = await reader('Ana Reader');
    ben = await reader('Ben Reader');
    // A second app on the same database and no GRIP proxy: on PostgreSQL a connection of its own
    // (as another process would have), on PGlite the same embedded database.
    otherDatabase = engine === 'postgres' ? await openDatabase({ databaseUrl: t.db.url!, poolSize: 2 }) : undefined;
    const config = loadConfig({ PUBLIC_URL: 'https://news.example', LOG_LEVEL: 'silent', ...(t.db.url ? { DATABASE_URL: t.db.url } : {}) });
    other = await buildApp({ config, database: otherDatabase ?? t.db.database, logger: false, now: () => clock.now });
    await other.listen({ host: '127.0.0.1', port: 0 });
    otherPort = (other.server.address() as AddressInfo).port;
  });
  after(async () => {
    await other?.close();
    await otherDatabase?.close();
    await t?.close();
    await pushpin?.stop();
  });

  it("holds readers in Pushpin: comments and a reader's own replies arrive through it, and Last-Event-ID through it catches up", async () => {
    const first = await post(ana, 'Ana starts, before anyone follows live.');
    const stranger = listen(pushpin.port, stream());
    const author = listen(pushpin.port, stream(), { cookie: cookie(ana) });
    assert.equal(await stranger.opened, 200, pushpin.logs());
    assert.equal(await author.opened, 200);
    await stranger.until(() => stranger.raw.includes('retry: 3000'), 'the start of the stream');
    assert.equal(t.app.ctx.live.count, 0, 'the app holds no stream itself: Pushpin does');

    const reply = await post(ben, 'Ben answers Ana, through Pushpin.', first.id);
    for (const reader of [stranger, author])
      await reader.until(() => reader.events.some((e) => e.event === 'comment' && e.data.id === reply.id), 'the comment through Pushpin');
    const comment = stranger.events.find((e) => e.data.id === reply.id)!;
    assert.equal(comment.data.body, 'Ben answers Ana, through Pushpin.');
    assert.ok(comment.id, 'the message carries its id for a reconnecting reader');
    await author.until(() => author.events.some((e) => e.event === 'notification' && e.data.commentId === reply.id), 'the reply notice');
    assert.ok(!stranger.raw.includes('notification'), "a reader's replies go to that reader only");
    stranger.close();
    author.close();

    const back = listen(pushpin.port, stream(), { 'last-event-id': new Date(clock.now.getTime() - 30_000).toISOString() });
    assert.equal(await back.opened, 200);
    await back.until(() => back.events.some((e) => e.data.id === reply.id), 'the missed comment, replayed through Pushpin');
    assert.ok(!back.events.some((e) => e.data.id === first.id), 'only what came after the last one seen');
    back.close();
  });

  it('serves a request with a forged Grip-Sig (or none) itself, and answers hold instructions only to a signature that verifies', async () => {
    const forged = await headersOf(appPort, stream(), { 'grip-sig': gripSig('not-the-key') });
    assert.equal(forged.status, 200);
    assert.equal(forged.headers['grip-hold'], undefined, 'no hold instructions for a forged signature');
    assert.match(forged.headers['content-type'] ?? '', /^text\/event-stream/);
    assert.equal(t.app.ctx.live.count, 1, 'the stream is held by the app');

    const direct = listen(appPort, stream(), { 'grip-sig': gripSig('not-the-key') });
    assert.equal(await direct.opened, 200);
    const made = await post(ana, 'Read straight from the app.');
    await direct.until(() => direct.events.some((e) => e.data.id === made.id), 'the comment, served in-process');
    direct.close();

    const signed = await headersOf(appPort, stream(), { 'grip-sig': gripSig(key) });
    assert.equal(signed.headers['grip-hold'], 'stream');
    assert.equal(signed.headers['grip-channel'], `comments:${article.id}`);
    assert.match(String(signed.headers['grip-keep-alive']), /^: keep-alive\\n\\n; format=cstring; timeout=25$/, 'the proxy sends the heartbeat');
    assert.match(await signed.body, /^retry: 3000\n\n$/, 'the start of the stream is the body the proxy sends on');
  });

  it("delivers across app instances on one database (NOTIFY): readers of either hear comments posted through the other, and Pushpin's too", async () => {
    const onOther = listen(otherPort, stream());
    const onFirst = listen(appPort, stream());
    const viaPushpin = listen(pushpin.port, stream());
    for (const reader of [onOther, onFirst, viaPushpin]) assert.equal(await reader.opened, 200);
    await viaPushpin.until(() => viaPushpin.raw.includes('retry: 3000'), 'the start of the stream');

    const fromFirst = await post(ana, 'Posted to the app behind Pushpin.');
    for (const reader of [onOther, onFirst, viaPushpin])
      await reader.until(() => reader.events.some((e) => e.data.id === fromFirst.id), 'the comment posted to the first app');

    // Ben, signed in, as the other app sees him (sessions and their keys live in the database).
    const benThere = new Agent(other, ben.agent.ip);
    for (const [name, value] of ben.agent.cookies) benThere.cookies.set(name, value);
    tick();
    const answer = await benThere.postJson(`/api/articles/${article.id}/comments`, { text: 'Posted to the other app.' }, ben.csrf);
    assert.equal(answer.statusCode, 201, answer.body);
    const fromOther = answer.json().comment as { id: string };
    await onFirst.until(() => onFirst.events.some((e) => e.data.id === fromOther.id), 'a comment heard from the database');
    for (const reader of [onOther, onFirst, viaPushpin]) reader.close();
  });
});
