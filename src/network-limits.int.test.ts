import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../test/support/app.ts';
import { Agent } from '../test/support/agent.ts';
import { engine } from '../test/support/database.ts';

/**
 * Limits kept per network count an IPv6 reader by their /64 (or the prefix the operator sets),
 * since one home or phone holds a whole /64 and can send each request from a new address in
 * it; an IPv4 address counts alone, however it is written.
 */
describe(`limits per network on ${engine}`, () => {
  let t: TestApp;
  let wide: TestApp;
  let proxied: TestApp;
  before(async () => {
    t = await createTestApp();
    wide = await createTestApp({ env: { IPV6_NETWORK_PREFIX: '48' } });
    // Behind a proxy on loopback, which names the reader in X-Forwarded-For; one live stream per network.
    proxied = await createTestApp({ env: { TRUST_PROXY: '127.0.0.1', LIVE_STREAMS_PER_ADDRESS: '1' } });
  });
  after(async () => {
    await t?.close();
    await wide?.close();
    await proxied?.close();
  });

  const askLink = (app: TestApp, ip: string, n: number) =>
    new Agent(app.app, ip).submit('/account/sign-in', '/account/sign-in/link', { email: `reader-${n}@example.org`, returnTo: '/' });
  const random64 = () => Array.from({ length: 4 }, () => crypto.randomBytes(2).toString('hex')).join(':');

  it('counts e-mail requests from every address of one IPv6 /64 together, and not those of the next /64', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await askLink(t, `2001:db8:5:6:${random64()}`, i)).statusCode, 200);
    const refused = await askLink(t, `2001:db8:5:6:${random64()}`, 20);
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /Too many e-mails requested from this network/);
    assert.equal((await askLink(t, `2001:db8:5:7:${random64()}`, 21)).statusCode, 200, 'the next /64 is someone else');
  });

  it('counts an IPv4 address once, written plainly or as IPv6, and its neighbour apart', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await askLink(t, i % 2 ? '198.51.100.9' : '::ffff:198.51.100.9', 100 + i)).statusCode, 200);
    assert.equal((await askLink(t, '::ffff:198.51.100.9', 120)).statusCode, 429);
    assert.equal((await askLink(t, '198.51.100.10', 121)).statusCode, 200);
  });

  it('uses the IPv6 prefix the operator sets for the limit on ask reports too', async () => {
    const event = (ip: string) =>
      wide.app.inject({ method: 'POST', url: '/api/ask/events', remoteAddress: ip, payload: { testId: crypto.randomUUID(), variantId: 'a', kind: 'view' } });
    // 300 a minute per network: addresses across a whole /48 are one network here.
    for (let i = 0; i < 300; i++)
      assert.notEqual((await event(`2001:db8:7:${crypto.randomBytes(2).toString('hex')}::${i.toString(16)}`)).statusCode, 429, `event ${i}`);
    const refused = await event('2001:db8:7:ffff::1');
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.notEqual((await event('2001:db8:8::1')).statusCode, 429, 'the next /48 is someone else');
  });

  it('lets one network hold only so many live comment streams, counting an IPv6 /64 as one', async () => {
    await seedBasics(proxied);
    const article = (await proxied.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    await proxied.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (proxied.app.server.address() as AddressInfo).port;
    const open: http.ClientRequest[] = [];
    const stream = (reader: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.get(
          { host: '127.0.0.1', port, path: `/api/articles/${article.id}/comments/live`, headers: { accept: 'text/event-stream', 'x-forwarded-for': reader } },
          (response) => {
            response.resume();
            resolve(response.statusCode!);
          },
        );
        request.on('error', reject);
        open.push(request);
      });
    try {
      assert.equal(await stream('2001:db8:9:9::1'), 200);
      assert.equal(await stream('2001:db8:9:9:abcd::2'), 429, 'another address of the same /64');
      assert.equal(await stream('2001:db8:9:a::1'), 200, 'the next /64');
    } finally {
      for (const request of open) request.destroy();
    }
  });
});
