import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { LiveChannel, type LiveMessage } from './index.ts';
import { listen } from '../../../test/support/sse.ts';
import { until } from '../../../test/support/wait.ts';
import { freePort } from '../../../scripts/postgres.ts';

/** NOTIFY and LISTEN as the database does them, in memory: every listener hears every message, in order. `missedCalls` gets each listener's `onMissed`, for playing a lost and regained listener. */
function notifier(sent: string[] = [], missedCalls = new Set<() => void>()): Database {
  const listeners = new Set<(payload: string) => void>();
  return {
    notify: async (_channel: string, payload: string) => {
      sent.push(payload);
      setImmediate(() => listeners.forEach((listener) => listener(payload)));
    },
    listen: async (_channel: string, handler: (payload: string) => void, onMissed?: () => void) => {
      listeners.add(handler);
      if (onMissed) missedCalls.add(onMissed);
      return async () => {
        listeners.delete(handler);
        if (onMissed) missedCalls.delete(onMissed);
      };
    },
  } as unknown as Database;
}

/** A channel behind a real listening server, streams opened on `/live?topics=a,b`. */
async function serve(live: LiveChannel): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify();
  app.get<{ Querystring: { topics: string; fail?: string } }>('/live', (request, reply) => {
    const catchUp = async () => {
      if (request.query.fail) throw new Error('the catch-up could not be read');
      return { messages: [{ event: 'hello', data: 'start', id: '0' }] };
    };
    return live.open(request, reply, { topics: request.query.topics.split(','), address: request.ip, catchUp });
  });
  app.addHook('onReady', () => live.start());
  app.addHook('preClose', () => live.stop());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

describe('the live channel', () => {
  const errors: string[] = [];
  const log = { error: (_details: object, message: string) => void errors.push(message) };
  const notified: string[] = [];
  const missedCalls = new Set<() => void>();
  const database = notifier(notified, missedCalls);
  let renders = 0;
  let app: FastifyInstance;
  let port: number;
  let live: LiveChannel;

  before(async () => {
    // A GRIP proxy that is not there: publishing to it fails, and must not stop anything else.
    const gone = await freePort();
    live = new LiveChannel({ database, log, gripUrl: `http://127.0.0.1:${gone}/?verify-key=k` });
    live.define<{ n: number; wait: number }>('count', async ({ n, wait }) => {
      renders++;
      await new Promise((resolve) => setTimeout(resolve, wait));
      return { event: 'count', data: { n }, id: String(n) };
    });
    live.define<object>('nothing', async () => null);
    live.define<{ thing: string }>('shown', async ({ thing }, topic) => ({ event: 'shown', data: { thing, topic } }));
    ({ app, port } = await serve(live));
  });
  after(() => app.close());

  it('renders each message once for all the readers of a topic, in the order announced whatever order the renders finish in', async () => {
    const readers = [listen(port, '/live?topics=a'), listen(port, '/live?topics=a,b'), listen(port, '/live?topics=b')];
    for (const reader of readers) assert.equal(await reader.opened, 200);
    assert.equal(live.count, 3);
    renders = 0;
    live.publish('count', 'a', { n: 1, wait: 60 });
    live.publish('nothing', 'a', {});
    live.publish('count', 'a', { n: 2, wait: 0 });
    live.publish('count', 'b', { n: 3, wait: 0 });
    const [onA, onBoth, onB] = readers as [ReturnType<typeof listen>, ReturnType<typeof listen>, ReturnType<typeof listen>];
    await onBoth.until(() => onBoth.events.length === 4, 'three counts after the first message');
    await onA.until(() => onA.events.length === 3, 'two counts');
    await onB.until(() => onB.events.length === 2, 'one count');
    const ns = (reader: ReturnType<typeof listen>) => reader.events.map((e) => (e.event === 'count' ? e.data.n : e.event));
    assert.deepEqual(ns(onA), ['hello', 1, 2]);
    assert.deepEqual(ns(onB), ['hello', 3]);
    assert.deepEqual(
      ns(onBoth).filter((n) => n !== 3),
      ['hello', 1, 2],
    );
    assert.match(onA.raw, /^retry: 3000\n\nid: 0\nevent: hello\ndata: "start"\n\n/);
    assert.equal(renders, 3, 'once per message, however many readers, though this process also rendered it for the proxy');
    for (const reader of readers) reader.close();
  });

  it('announces to several topics at once (one NOTIFY), rendering for each topic its own message', async () => {
    const readers = [listen(port, '/live?topics=a'), listen(port, '/live?topics=b')];
    for (const reader of readers) assert.equal(await reader.opened, 200);
    notified.length = 0;
    live.publish('shown', ['a', 'b', 'c'], { thing: 'x' });
    for (const reader of readers) await reader.until(() => reader.events.some((e) => e.event === 'shown'), 'its message');
    assert.deepEqual(
      readers.map((reader) => reader.events.filter((e) => e.event === 'shown').map((e) => e.data)),
      [[{ thing: 'x', topic: 'a' }], [{ thing: 'x', topic: 'b' }]],
    );
    assert.equal(notified.length, 1, 'one announcement for the three topics');
    for (const reader of readers) reader.close();
  });

  it('speaks the release before during a rolling deploy: one topic as `topic` too, and an announcement with only `topic` heard', async () => {
    notified.length = 0;
    live.publish('shown', 'a', { thing: 'y' });
    await until(() => notified.length === 1);
    assert.equal(JSON.parse(notified[0]!).topic, 'a', 'an old process reads `topic`');
    const reader = listen(port, '/live?topics=a');
    assert.equal(await reader.opened, 200);
    await database.notify('masthead_live', JSON.stringify({ kind: 'shown', topic: 'a', payload: { thing: 'old' } }));
    await reader.until(() => reader.events.some((e) => e.event === 'shown' && e.data.thing === 'old'), 'the old-form announcement');
    reader.close();
  });

  it('never throws into the caller: an unknown kind, a bad topic, a proxy that is down are logged', async () => {
    errors.length = 0;
    assert.doesNotThrow(() => live.publish('unknown', 'a', {}));
    assert.doesNotThrow(() => live.publish('count', 'no spaces, no commas', { n: 0, wait: 0 }));
    assert.doesNotThrow(() => live.publish('shown', 'z', { thing: 'for the proxy that is down' }));
    const logged = () => errors.includes('could not announce a live message') && errors.includes('could not deliver a live message');
    const deadline = Date.now() + 10_000;
    while (!logged() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(errors.includes('could not announce a live message'), errors.join('; '));
    assert.ok(errors.includes('could not deliver a live message'), 'the publish to the proxy that is down was logged');
  });

  it('keeps a message published while a stream reads its catch-up, and sends it after the catch-up', async () => {
    live.afterCatchUp = async () => {
      live.afterCatchUp = undefined;
      live.publish('count', 'c', { n: 7, wait: 0 });
      // Long enough for the announcement to come back and be rendered: before, nobody was on the topic yet.
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    const reader = listen(port, '/live?topics=c');
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.events.length === 2, 'the count published during the catch-up');
    assert.deepEqual(
      reader.events.map((e) => (e.event === 'count' ? e.data.n : e.event)),
      ['hello', 7],
    );
    reader.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(live.count, 0);
  });

  it('counts a reader who leaves while the catch-up is read no longer, and starts nothing for them', async () => {
    const leaving: { reader?: ReturnType<typeof listen> } = {};
    let countedMeanwhile = -1;
    live.afterCatchUp = async () => {
      live.afterCatchUp = undefined;
      countedMeanwhile = live.count;
      leaving.reader!.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    leaving.reader = listen(port, '/live?topics=d');
    await assert.rejects(leaving.reader.opened);
    const deadline = Date.now() + 5000;
    while (live.count > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(countedMeanwhile, 1, 'counted while its catch-up was read');
    assert.equal(live.count, 0);
  });

  it('answers an error when the catch-up cannot be read, holding no stream for it', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/live?topics=c&fail=1`);
    assert.equal(response.status, 500);
    assert.equal(live.count, 0);
  });

  it('checks the limits again after a signature that did not verify, which a crowd of forged ones would otherwise overrun', async () => {
    const small = new LiveChannel({ database, log, gripUrl: `http://127.0.0.1:${await freePort()}/?verify-key=k`, maxPerProcess: 1 });
    const served = await serve(small);
    try {
      const first = listen(served.port, '/live?topics=e');
      assert.equal(await first.opened, 200);
      const forged = await fetch(`http://127.0.0.1:${served.port}/live?topics=e`, { headers: { 'grip-sig': 'not.a.signature' } });
      assert.ok(forged.status >= 400, `refused, not streamed (${forged.status})`);
      assert.equal(small.count, 1, 'the one allowed stream, and no more');
      first.close();
    } finally {
      await served.app.close();
    }
  });

  it('refuses a kind defined twice', () => {
    assert.throws(() => live.define('count', async (): Promise<LiveMessage | null> => null), /defined twice/);
  });

  it('sends its readers away to come back for what they missed when its database listener was lost and came back', async () => {
    const reader = listen(port, '/live?topics=a');
    assert.equal(await reader.opened, 200);
    const before = live.count;
    assert.ok(before > 0);
    for (const onMissed of missedCalls) onMissed();
    await until(() => live.count === 0);
    assert.match(reader.raw, /retry: \d+\n\n$/, 'told when to come back, then ended');
  });
});
