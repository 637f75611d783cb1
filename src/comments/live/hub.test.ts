import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../platform/db/database.ts';
import { CommentsLive } from './hub.ts';
import { until } from '../../../test/support/wait.ts';

const sources = { comment: async () => null, notification: async () => null };
const log = { error() {} };

/** Opens a stream; resolves with its status and a way to hang up. */
function connect(port: number): Promise<{ status: number; close(): void }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/live' }, (response) => {
      response.resume();
      resolve({ status: response.statusCode!, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

describe('live comment streams per address', () => {
  it('admits as many streams from one address as allowed, and another once one hangs up', async () => {
    // Not started: no database is listened to; only the streams are under test.
    const live = new CommentsLive({} as Database, sources, log, 2);
    const server = http.createServer((request, response) => {
      const address = request.socket.remoteAddress!;
      if (!live.admits(address)) return response.writeHead(429).end();
      live.open(response, address, 'article-1', null);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const first = await connect(port);
      const second = await connect(port);
      assert.deepEqual([first.status, second.status], [200, 200]);
      assert.equal((await connect(port)).status, 429, 'a third from the same address is refused');
      assert.ok(live.admits('192.0.2.1'), 'another address is not held back');

      first.close();
      // The server learns of the close when the socket ends, a moment after the client's call.
      await until(() => live.admits('127.0.0.1'));
      const third = await connect(port);
      assert.equal(third.status, 200, 'a stream that ended frees its place');
      second.close();
      third.close();
    } finally {
      await live.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('is full at the per-process ceiling whatever the addresses, and has room again once a stream ends', async () => {
    const live = new CommentsLive({} as Database, sources, log, Infinity, 2);
    const server = http.createServer((request, response) => {
      if (live.full) return response.writeHead(503).end();
      // Each stream as if from another network: only the process-wide ceiling applies.
      live.open(response, `192.0.2.${request.socket.remotePort! % 250}`, 'article-1', null);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const first = await connect(port);
      const second = await connect(port);
      assert.deepEqual([first.status, second.status], [200, 200]);
      assert.equal(live.full, true);
      assert.equal((await connect(port)).status, 503);
      first.close();
      // A stream that ended frees its place (once the server notices the socket went).
      await until(() => !live.full);
      second.close();
    } finally {
      await live.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
