import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { countRows, startAlertsWorld, type Staff } from '../../test/support/alerts.ts';
import { engine } from '../../test/support/database.ts';
import type { TestSubscription } from '../../test/support/push-service.ts';

/**
 * Alerts end to end with real protocols: browsers' subscriptions (key pairs owned here) stored
 * through the API, alerts sent from the newsroom API, fanned out by the job queue, encrypted
 * and VAPID-signed to a push service on loopback that checks and decrypts each message.
 * This file: the options offered, subscriptions refused, sending, and the push service's
 * failures; alerts-timing.int.test.ts has the rest.
 */
describe(`alerts on ${engine}: subscriptions, sending, fan-out and its failures`, () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof startAlertsWorld>>['service'];
  let stop: () => Promise<void>;
  let editor: Staff;
  let reader: Staff;
  let article: { id: string; slug: string };
  let ids: { section: string; topic: string };
  const clock = { now: new Date('2036-11-27T12:00:00Z') };

  const subscribe = (sub: TestSubscription, choices: Record<string, unknown>, extra: Record<string, unknown> = {}, who: Staff = reader) =>
    who.agent.postJson('/api/alerts/subscriptions', { subscription: { endpoint: sub.endpoint, keys: sub.keys }, choices, ...extra }, who.csrf);
  const send = (body: Record<string, unknown>) => editor.agent.postJson('/newsroom/api/alerts', { articleId: article.id, ...body }, editor.csrf);
  const run = async () => {
    // Batches queue more batches: run until the queue is quiet.
    while ((await t.app.jobs.runDue()) > 0);
  };
  const count = (table: string) => countRows(t, table);
  let editors = 0;
  /** Staff sessions idle out after a day of the app's clock: tests that move it far sign an editor in afresh. */
  const freshEditor = async () => (editor = await signedInStaff(t, 'editor', `Eve Editor ${++editors}`, `203.0.113.${70 + editors}`, clock.now));
  const reportOf = async (id: string) => (await editor.agent.get(`/newsroom/api/alerts/${id}`)).json().report;

  before(async () => {
    ({ t, service, article, stop } = await startAlertsWorld(clock));
    await freshEditor();
    reader = await signedInStaff(t, 'reader', 'Rae Reader', '203.0.113.62');
    const options = (await t.get('/api/alerts/options')).json();
    ids = { section: options.sections.find((s: { name: string }) => s.name === 'World').id, topic: options.topics[0].id };
  });
  after(() => stop());

  it('offers the VAPID public key (made once, kept) and what can be chosen', async () => {
    const options = (await t.get('/api/alerts/options')).json();
    const key = Buffer.from(options.publicKey, 'base64url');
    assert.equal(key.length, 65);
    assert.equal(key[0], 4);
    assert.equal((await t.get('/api/alerts/options')).json().publicKey, options.publicKey);
    assert.deepEqual(options.editions.map((e: { code: string }) => e.code).sort(), ['uk', 'us']);
  });

  it('refuses bad subscriptions with a clear 4xx and stores nothing', async () => {
    const sub = service.subscribe();
    const good = { endpoint: sub.endpoint, keys: sub.keys };
    const cases: [unknown, Record<string, unknown>, number, RegExp][] = [
      [{ ...good, endpoint: sub.endpoint.replace('https:', 'http:') }, { breaking: ['uk'] }, 422, /https URL/],
      [{ ...good, endpoint: 'https://10.0.0.7/push/x' }, { breaking: ['uk'] }, 422, /private or reserved/],
      [{ ...good, endpoint: 'https://169.254.169.254/latest' }, { breaking: ['uk'] }, 422, /private or reserved/],
      [{ ...good, endpoint: 'https://intranet/push' }, { breaking: ['uk'] }, 422, /public host/],
      [{ ...good, endpoint: 'not a url' }, { breaking: ['uk'] }, 422, /not a URL/],
      [{ ...good, endpoint: 'https://victim.example/flood-me' }, { breaking: ['uk'] }, 422, /browser's push service.*victim\.example is not one/],
      [{ ...good, endpoint: 'https://fcm.googleapis.com.victim.example/fcm/send/x' }, { breaking: ['uk'] }, 422, /browser's push service/],
      [{ ...good, endpoint: sub.endpoint.replace('127.0.0.1', 'localhost') }, { breaking: ['uk'] }, 422, /browser's push service/],
      [{ ...good, keys: { ...sub.keys, p256dh: sub.keys.p256dh.slice(0, 40) } }, { breaking: ['uk'] }, 422, /keys.p256dh must be 65 bytes/],
      [{ ...good, keys: { ...sub.keys, p256dh: Buffer.alloc(65, 2).toString('base64url') } }, { breaking: ['uk'] }, 422, /uncompressed P-256/],
      [{ ...good, keys: { ...sub.keys, auth: Buffer.alloc(8).toString('base64url') } }, { breaking: ['uk'] }, 422, /keys.auth must be 16 bytes/],
      [{ ...good, keys: { ...sub.keys, auth: 'not base64!' } }, { breaking: ['uk'] }, 422, /base64url/],
      [good, {}, 422, /at least one/],
      [good, { sections: ['00000000-0000-4000-8000-000000000000'] }, 422, /not one of our sections/],
      [good, { breaking: ['mars'] }, 422, /not one of our editions/],
      [good, { replies: true }, 422, /Sign in to be told of replies/],
    ];
    const stranger = { agent: reader.agent, csrf: reader.csrf, id: '' };
    for (const [subscription, choices, status, message] of cases) {
      const answer = await t.app.inject({
        method: 'POST',
        url: '/api/alerts/subscriptions',
        payload: { subscription, choices },
        headers: { 'x-csrf-token': 'none' },
      });
      assert.equal(answer.statusCode, 403, 'writes need the CSRF token');
      const checked = await (choices.replies ? signedOut() : stranger.agent.postJson('/api/alerts/subscriptions', { subscription, choices }, stranger.csrf));
      assert.equal(checked.statusCode, status, `${JSON.stringify(subscription).slice(0, 80)} ${JSON.stringify(choices)}: ${checked.body}`);
      assert.match(checked.json().error.message, message);
    }
    const huge = await reader.agent.postJson(
      '/api/alerts/subscriptions',
      { subscription: { ...good, endpoint: `${sub.endpoint}?${'x'.repeat(5000)}` }, choices: { breaking: ['uk'] } },
      reader.csrf,
    );
    assert.equal(huge.statusCode, 422);
    assert.equal(await count('push_subscriptions'), 0);

    async function signedOut() {
      const me = await t.app.inject({ method: 'GET', url: '/api/me?csrf=1' });
      const cookie = me.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      return t.app.inject({
        method: 'POST',
        url: '/api/alerts/subscriptions',
        payload: { subscription: good, choices: { breaking: ['uk'], replies: true } },
        headers: { cookie, 'x-csrf-token': me.json().csrfToken },
      });
    }
  });

  it('sends an alert to exactly the subscriptions that chose it, encrypted and signed, with TTL, urgency and topic', async () => {
    const uk = service.subscribe();
    const world = service.subscribe();
    const both = service.subscribe();
    const us = service.subscribe();
    assert.equal((await subscribe(uk, { breaking: ['uk'] })).statusCode, 201);
    assert.equal((await subscribe(world, { sections: [ids.section] })).statusCode, 201);
    assert.equal((await subscribe(both, { breaking: ['uk'], sections: [ids.section] })).statusCode, 201);
    assert.equal((await subscribe(us, { breaking: ['us'] })).statusCode, 201);
    const again = await subscribe(uk, { breaking: ['uk'] });
    assert.equal(again.statusCode, 200, 'the same browser again is the same subscription');
    assert.equal(await count('push_subscriptions'), 4);

    const made = await send({
      audience: { kind: 'breaking', edition: 'uk' },
      breaking: true,
      title: 'Leaders agree ✓',
      body: 'Talks end with a date — and “a deal” in sight.',
    });
    assert.equal(made.statusCode, 201, made.body);
    const alert = made.json().alert;
    await run();
    await service.until(() => service.for(uk.id).length === 1 && service.for(both.id).length === 1);
    assert.equal(service.for(world.id).length, 0);
    assert.equal(service.for(us.id).length, 0);
    const got = service.for(uk.id)[0]!;
    assert.deepEqual(got.payload, {
      alertId: alert.id,
      title: 'Leaders agree ✓',
      body: 'Talks end with a date — and “a deal” in sight.',
      url: `https://news.example/world/${article.slug}`,
      image: null,
      icon: (got.payload as { icon: string }).icon,
      tag: `alert-${alert.id}`,
    });
    assert.equal(got.headers.urgency, 'high');
    assert.equal(got.headers.ttl, String(24 * 3600));
    assert.match(got.headers.topic!, /^breaking-[A-Za-z0-9_-]{16}$/);
    assert.equal(got.vapidKey, (await t.get('/api/alerts/options')).json().publicKey);
    assert.deepEqual(await reportOf(alert.id), { targeted: 2, sent: 2, failed: 0, expired: 0, skipped: 0, pending: 0, clicked: 0 });

    // The service worker reports the click once.
    for (let i = 0; i < 2; i++)
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/alerts/clicks', payload: { alertId: alert.id, endpoint: uk.endpoint } })).statusCode, 204);
    assert.equal((await reportOf(alert.id)).clicked, 1);
  });

  it('deletes subscriptions the push service calls gone, retries 429 after Retry-After and gives up on lasting 5xx', async () => {
    const gone = service.subscribe();
    const busy = service.subscribe();
    const broken = service.subscribe();
    for (const sub of [gone, busy, broken]) await subscribe(sub, { topics: [ids.topic] });
    service.forget(gone.id);
    service.behave(busy.id, { status: 429, retryAfter: '120', times: 1 });
    service.behave(broken.id, { status: 503 });
    const alert = (await send({ audience: { kind: 'topic', id: ids.topic } })).json().alert;
    await run();
    assert.equal(service.for(busy.id).length, 0, 'waits as asked');
    assert.deepEqual(await reportOf(alert.id), { targeted: 3, sent: 0, failed: 0, expired: 1, skipped: 0, pending: 2, clicked: 0 });
    assert.equal(
      ((await t.db.database.db.execute(sql`select 1 from push_subscriptions where endpoint = ${gone.endpoint}`)) as unknown as { rows: unknown[] }).rows.length,
      0,
      'a gone subscription is deleted',
    );
    for (let i = 0; i < 6; i++) {
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      await run();
    }
    assert.equal(service.for(busy.id).length, 1, 'sent once the wait was over');
    const report = await reportOf(alert.id);
    assert.deepEqual([report.sent, report.failed, report.pending], [1, 1, 0], 'the lasting 503 failed after five attempts');
    assert.equal((await editor.agent.get(`/newsroom/api/alerts/${alert.id}`)).json().alert.status, 'sent');
    service.behave(broken.id, { status: 201, times: 0 });
  });
});
