import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Grip } from './grip.ts';

/** A proxy's publish endpoint that answers each request with the next status of `statuses` (then 200), recording the bodies. */
async function publishEndpoint(statuses: number[]) {
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?verify-key=test-key`;
  return { url, bodies, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('publishing to GRIP proxies', () => {
  const endpoints: Awaited<ReturnType<typeof publishEndpoint>>[] = [];
  after(async () => void (await Promise.all(endpoints.map((endpoint) => endpoint.close()))));
  const endpoint = async (statuses: number[]) => {
    const made = await publishEndpoint(statuses);
    endpoints.push(made);
    return made;
  };

  it('publishes again to a proxy that failed, and only to that one', async () => {
    const failing = await endpoint([503]);
    const healthy = await endpoint([]);
    await new Grip(`${failing.url},${healthy.url}`, [5, 5]).publish('blog:1:uk', 'data: {}\n\n', { id: '2', previous: '1' });
    assert.equal(failing.bodies.length, 2, 'the failed publish was repeated');
    assert.equal(failing.bodies[0], failing.bodies[1], 'the same message, its sequence too');
    assert.equal(healthy.bodies.length, 1, 'the proxy that took it is not sent it twice');
    const item = JSON.parse(healthy.bodies[0]!).items[0];
    assert.deepEqual([item.channel, item.id, item['prev-id'], item.formats['http-stream'].content], ['blog:1:uk', '2', '1', 'data: {}\n\n']);
  });

  it('gives up after its last pause and says so, so the caller can log it', async () => {
    const down = await endpoint([500, 500, 500]);
    await assert.rejects(new Grip(down.url, [5, 5]).publish('blog:1:uk', 'data: {}\n\n'));
    assert.equal(down.bodies.length, 3, 'one publish and two more');
  });
});
