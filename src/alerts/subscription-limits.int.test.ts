import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startPushService, type TestSubscription } from '../../test/support/push-service.ts';

/**
 * Subscriptions cost the server a message per alert, to a host the browser names: only the
 * push services accepted are stored (and sent to), a browser, a network and the site each take
 * only so many new ones, and one the push service calls gone (404, 410) is deleted. Here the
 * limits are small: 3 a browser, 5 a network, 8 in all.
 */
describe(`alert subscriptions on ${engine}: accepted push services and limits`, () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof startPushService>>;
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-ca-'));
  let networks = 0;
  /** A browser of its own, on a network of its own unless one is given. */
  const browser = async (ip = `2001:db8:${++networks}::1`) => {
    const agent = new Agent(t.app, ip);
    return { agent, csrf: (await agent.me()).csrfToken };
  };
  const subscribe = (
    who: { agent: Agent; csrf: string },
    sub: { endpoint: string; keys: TestSubscription['keys'] },
    choices: Record<string, unknown> = { breaking: ['uk'] },
  ) => who.agent.postJson('/api/alerts/subscriptions', { subscription: { endpoint: sub.endpoint, keys: sub.keys }, choices }, who.csrf);
  const stored = async () =>
    Number(((await t.db.database.db.execute(sql`select count(*)::int as n from push_subscriptions`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
  const clear = () => t.db.database.db.execute(sql`delete from push_subscriptions`);

  before(async () => {
    service = await startPushService();
    fs.writeFileSync(path.join(caDir, 'ca.pem'), service.ca);
    t = await createTestApp({
      env: {
        PUSH_ALLOW_LOOPBACK: '1',
        PUSH_EXTRA_SERVICES: new URL(service.origin).host,
        PUSH_CA_FILE: path.join(caDir, 'ca.pem'),
        PUSH_SUBSCRIBE_PER_BROWSER: '3',
        PUSH_SUBSCRIBE_PER_NETWORK: '5',
        PUSH_SUBSCRIPTIONS_MAX: '8',
      },
    });
    await seedBasics(t);
  });
  after(async () => {
    await t?.close();
    await service.stop();
    fs.rmSync(caDir, { recursive: true, force: true });
  });

  it('stores no endpoint outside the accepted push services: thousands aimed at one host are all refused', async () => {
    const reader = await browser();
    const keys = service.subscribe().keys;
    for (let i = 0; i < 20; i++) {
      const answer = await subscribe(reader, { endpoint: `https://victim.example/page?${i}`, keys });
      assert.equal(answer.statusCode, 422);
      assert.match(answer.json().error.message, /browser's push service/);
    }
    assert.equal(await stored(), 0);
    // Refused before any limit counts them: the same browser may still subscribe properly.
    assert.equal((await subscribe(reader, service.subscribe())).statusCode, 201);
    await clear();
  });

  it("takes a few new subscriptions from one browser a day; changing one's choices is not new", async () => {
    const reader = await browser();
    const subs = [service.subscribe(), service.subscribe(), service.subscribe()];
    for (const sub of subs) assert.equal((await subscribe(reader, sub)).statusCode, 201);
    assert.equal((await subscribe(reader, subs[0]!, { breaking: ['us'] })).statusCode, 200);
    const fourth = await subscribe(reader, service.subscribe());
    assert.equal(fourth.statusCode, 429);
    assert.match(fourth.json().error.message, /This browser has subscribed to alerts too often today/);
    assert.ok(Number(fourth.headers['retry-after']) > 3600);
    assert.equal(await stored(), 3);
    await clear();
  });

  it('takes only so many from one network, its IPv6 /64 counted as one, and others go on', async () => {
    const prefix = '2001:db8:ff:1';
    for (let i = 0; i < 5; i++)
      assert.equal((await subscribe(await browser(`${prefix}:${crypto.randomBytes(2).toString('hex')}::${i}`), service.subscribe())).statusCode, 201);
    const refused = await subscribe(await browser(`${prefix}::ffff`), service.subscribe());
    assert.equal(refused.statusCode, 429);
    assert.match(refused.json().error.message, /Too many alert subscriptions from your network/);
    assert.equal((await subscribe(await browser('2001:db8:ff:2::1'), service.subscribe())).statusCode, 201, 'the next /64 is someone else');
    assert.equal(await stored(), 6);
    await clear();
  });

  it('keeps no more subscriptions than the site takes in all, and takes one again when there is room', async () => {
    const subs = Array.from({ length: 8 }, () => service.subscribe());
    for (const sub of subs) assert.equal((await subscribe(await browser(), sub)).statusCode, 201);
    const full = await subscribe(await browser(), service.subscribe());
    assert.equal(full.statusCode, 503);
    assert.match(full.json().error.message, /takes no more alert subscriptions/);
    assert.equal(await stored(), 8);
    assert.equal((await subscribe(await browser(), subs[0]!, { breaking: ['us'] })).statusCode, 200, 'a stored one may still change');
    const owner = await browser();
    assert.equal((await owner.agent.json('DELETE', '/api/alerts/subscriptions', { endpoint: subs[1]!.endpoint }, owner.csrf)).statusCode, 204);
    assert.equal((await subscribe(await browser(), service.subscribe())).statusCode, 201);
    await clear();
  });

  it('deletes a subscription its push service answers 404 or 410 for, and sends nothing to one stored outside the accepted services', async () => {
    const editor = await signedInStaff(t, 'editor', 'Eve Editor', '203.0.113.90');
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    const [notFound, gone, fine, stray] = [service.subscribe(), service.subscribe(), service.subscribe(), service.subscribe()];
    for (const sub of [notFound, gone, fine]) assert.equal((await subscribe(await browser(), sub)).statusCode, 201);
    // Stored before the list of services existed: the same push service, by a name not on the list.
    const strayEndpoint = stray.endpoint.replace('127.0.0.1', 'localhost');
    await t.db.database.db.execute(
      sql`insert into push_subscriptions (id, endpoint, p256dh, auth, choices) values (${crypto.randomUUID()}, ${strayEndpoint}, ${stray.keys.p256dh}, ${stray.keys.auth}, ${JSON.stringify({ breaking: ['uk'], sections: [], topics: [], authors: [], replies: false })}::jsonb)`,
    );
    service.behave(notFound.id, { status: 404 });
    service.behave(gone.id, { status: 410 });
    const made = await editor.agent.postJson(
      '/newsroom/api/alerts',
      { articleId: article.id, audience: { kind: 'breaking', edition: 'uk' }, breaking: true },
      editor.csrf,
    );
    assert.equal(made.statusCode, 201, made.body);
    while ((await t.app.jobs.runDue()) > 0);
    await service.until(() => service.for(fine.id).length === 1);
    const left = ((await t.db.database.db.execute(sql`select endpoint from push_subscriptions`)) as unknown as { rows: { endpoint: string }[] }).rows
      .map((r) => r.endpoint)
      .sort();
    assert.deepEqual(left, [fine.endpoint, strayEndpoint].sort(), 'the 404 and the 410 are deleted');
    assert.equal(service.for(stray.id).length, 0, 'nothing went to a host not on the list');
    const report = (await editor.agent.get(`/newsroom/api/alerts/${made.json().alert.id}`)).json().report;
    assert.deepEqual([report.sent, report.expired, report.failed], [1, 2, 1]);
  });
});
