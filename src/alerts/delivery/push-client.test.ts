import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import webpush from 'web-push';
import { startPushService } from '../../../test/support/push-service.ts';
import { outcomeOf, PushClient, retryAfterSeconds } from './push-client.ts';

describe('the push client against a push service on loopback', () => {
  let service: Awaited<ReturnType<typeof startPushService>>;
  let client: PushClient;
  const vapid = webpush.generateVAPIDKeys();
  const options = { ttl: 600, urgency: 'high' as const, topic: 'storm' };
  const payload = (n: number) => Buffer.from(JSON.stringify({ title: `Alert ${n}`, body: 'Ünïcode and emoji 🚨' }));

  before(async () => {
    service = await startPushService();
    // A hanging service is told apart by this much silence on its connection: long enough that
    // a busy machine's slow but working requests never reach it (at 300 ms, forty TLS requests
    // at once on a loaded CI runner did), short enough to keep the test quick.
    client = new PushClient({
      vapid,
      subject: 'mailto:alerts@news.example',
      allowLoopback: true,
      extraServices: [new URL(service.origin).host, 'localhost:' + new URL(service.origin).port],
      ca: service.ca,
      timeoutMs: 5_000,
    });
  });
  after(async () => {
    await client.close();
    await service.stop();
  });

  it('encrypts to the subscription and signs with our VAPID key: the service decrypts exactly what was sent', async () => {
    const sub = service.subscribe();
    const target = { endpoint: sub.endpoint, ...sub.keys };
    assert.deepEqual(await client.send(target, payload(1), options), { kind: 'sent' });
    assert.deepEqual(await client.send(target, payload(2), options), { kind: 'sent' });
    const got = service.for(sub.id);
    assert.deepEqual(
      got.map((r) => r.payload),
      [JSON.parse(payload(1).toString()), JSON.parse(payload(2).toString())],
    );
    assert.equal(got[0]!.vapidKey, vapid.publicKey);
    assert.deepEqual(got[0]!.headers, { ttl: '600', urgency: 'high', topic: 'storm' });
    assert.deepEqual(service.refused, []);
  });

  it('tells gone, retry (with Retry-After), failed and hanging or garbled services apart', async () => {
    const sub = service.subscribe();
    const target = { endpoint: sub.endpoint, ...sub.keys };
    service.forget(sub.id);
    assert.deepEqual(await client.send(target, payload(3), options), { kind: 'gone' });
    const other = service.subscribe();
    const to = { endpoint: other.endpoint, ...other.keys };
    for (const [behaviour, expected] of [
      [{ status: 404 }, { kind: 'gone' }],
      [
        { status: 429, retryAfter: '7' },
        { kind: 'retry', afterSeconds: 7, reason: 'push service answered 429' },
      ],
      [{ status: 503 }, { kind: 'retry', afterSeconds: 30, reason: 'push service answered 503' }],
      [{ status: 413 }, { kind: 'failed', reason: 'push service answered 413' }],
    ] as const) {
      service.behave(other.id, { ...behaviour, times: 1 });
      assert.deepEqual(await client.send(to, payload(4), options), expected, JSON.stringify(behaviour));
    }
    service.behave(other.id, { hang: true, times: 1 });
    assert.equal((await client.send(to, payload(5), options)).kind, 'retry', 'a hanging service times out');
    service.behave(other.id, { garbage: true, times: 1 });
    assert.equal((await client.send(to, payload(6), options)).kind, 'retry', 'garbage is retried');
    assert.deepEqual(await client.send(to, payload(7), options), { kind: 'sent' }, 'and then it works again');

    // Messages in flight together: one hangs, one is garbled, the rest arrive.
    const many = Array.from({ length: 40 }, () => service.subscribe());
    service.behave(many[3]!.id, { hang: true, times: 1 });
    service.behave(many[7]!.id, { garbage: true, times: 1 });
    const outcomes = await Promise.all(many.map((sub, i) => client.send({ endpoint: sub.endpoint, ...sub.keys }, payload(200 + i), options)));
    assert.deepEqual(
      outcomes.map((o, i) => (i === 3 || i === 7 ? o.kind === 'retry' : o.kind === 'sent')),
      many.map(() => true),
      JSON.stringify(outcomes),
    );
  });

  it('never calls a private address, written out or behind a name, unless loopback is allowed', async () => {
    const strict = new PushClient({
      vapid,
      subject: 'mailto:alerts@news.example',
      extraServices: [new URL(service.origin).host, 'localhost:' + new URL(service.origin).port],
      ca: service.ca,
    });
    const sub = service.subscribe();
    assert.equal((await strict.send({ endpoint: sub.endpoint, ...sub.keys }, payload(8), options)).kind, 'failed');
    assert.equal((await strict.send({ endpoint: sub.endpoint.replace('127.0.0.1', 'localhost'), ...sub.keys }, payload(8), options)).kind, 'failed');
    assert.equal((await strict.send({ endpoint: 'https://10.1.2.3/push/x', ...sub.keys }, payload(8), options)).kind, 'failed');
    await strict.close();
    assert.equal(service.for(sub.id).length, 0);
  });

  it('encrypts on worker threads or on the calling thread alike, many at once, and refuses keys it cannot use without stopping', async () => {
    for (const encryptThreads of [0, 2]) {
      const sender = new PushClient({
        vapid,
        subject: 'mailto:alerts@news.example',
        allowLoopback: true,
        extraServices: [new URL(service.origin).host, 'localhost:' + new URL(service.origin).port],
        ca: service.ca,
        encryptThreads,
      });
      const subs = Array.from({ length: 150 }, () => service.subscribe());
      const outcomes = await Promise.all(subs.map((sub, i) => sender.send({ endpoint: sub.endpoint, ...sub.keys }, payload(100 + i), options)));
      assert.deepEqual(new Set(outcomes.map((o) => o.kind)), new Set(['sent']));
      subs.forEach((sub, i) =>
        assert.deepEqual(
          service.for(sub.id).map((r) => r.payload),
          [JSON.parse(payload(100 + i).toString())],
          `${encryptThreads} threads: message ${i}`,
        ),
      );
      const broken = await sender.send(
        { endpoint: subs[0]!.endpoint, p256dh: Buffer.alloc(65, 1).toString('base64url'), auth: subs[0]!.keys.auth },
        payload(1),
        options,
      );
      assert.equal(broken.kind, 'failed');
      assert.match((broken as { reason: string }).reason, /cannot encrypt/);
      assert.equal((await sender.send({ endpoint: subs[1]!.endpoint, ...subs[1]!.keys }, payload(2), options)).kind, 'sent', 'and goes on');
      await sender.close();
    }
    assert.deepEqual(service.refused, []);
  });

  it('comes back after the push service closes its connections', async () => {
    const sub = service.subscribe();
    const target = { endpoint: sub.endpoint, ...sub.keys };
    // Several connections kept alive, all closed by the service at once.
    const warm = await Promise.all(Array.from({ length: 10 }, (_, i) => client.send(target, payload(300 + i), options)));
    assert.deepEqual(new Set(warm.map((o) => o.kind)), new Set(['sent']));
    // At once: the client may still hold connections the service has just closed.
    service.dropConnections();
    assert.deepEqual(await client.send(target, payload(311), options), { kind: 'sent' });
    service.dropConnections();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(await client.send(target, payload(312), options), { kind: 'sent' });
  });

  it('reads Retry-After as seconds or a date, within bounds', () => {
    assert.equal(retryAfterSeconds('120', 30), 120);
    assert.equal(retryAfterSeconds(new Date(Date.now() + 90_000).toUTCString(), 30), 90);
    assert.equal(retryAfterSeconds('soon', 30), 30);
    assert.equal(retryAfterSeconds('999999', 30), 3600);
    assert.equal(outcomeOf(201, undefined).kind, 'sent');
  });
});
