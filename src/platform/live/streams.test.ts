import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Streams } from './streams.ts';
import { until } from '../../../test/support/wait.ts';

/** Opens a stream; resolves with its status, what it received so far and a way to hang up. */
function connect(port: number, options: { read?: boolean } = {}): Promise<{ status: number; received(): string; close(): void }> {
  return new Promise((resolve, reject) => {
    let received = '';
    const request = http.get({ host: '127.0.0.1', port, path: '/live' }, (response) => {
      if (options.read !== false) response.on('data', (chunk) => (received += chunk));
      resolve({ status: response.statusCode!, received: () => received, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

/** A server opening a stream on topic `t` for each request, unless `refuse` names a status. */
async function serve(
  streams: Streams,
  refuse: (address: string) => number | null,
  addressOf = (socket: http.IncomingMessage['socket']) => socket.remoteAddress!,
) {
  const server = http.createServer((request, response) => {
    const address = addressOf(request.socket);
    const status = refuse(address);
    if (status) return response.writeHead(status).end();
    if (streams.register(response, ['t'], address)) streams.begin(response, 'retry: 3000\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      streams.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('live streams held by this process', () => {
  it('admits as many streams from one address as allowed, and another once one hangs up', async () => {
    const streams = new Streams(2, Infinity);
    const server = await serve(streams, (address) => (streams.admits(address) ? null : 429));
    try {
      const first = await connect(server.port);
      const second = await connect(server.port);
      assert.deepEqual([first.status, second.status], [200, 200]);
      assert.equal((await connect(server.port)).status, 429, 'a third from the same address is refused');
      assert.ok(streams.admits('192.0.2.1'), 'another address is not held back');

      first.close();
      // The server learns of the close when the socket ends, a moment after the client's call.
      await until(() => streams.admits('127.0.0.1'));
      const third = await connect(server.port);
      assert.equal(third.status, 200, 'a stream that ended frees its place');
      second.close();
      third.close();
    } finally {
      await server.close();
    }
  });

  it('is full at the per-process ceiling whatever the addresses, and has room again once a stream ends', async () => {
    const streams = new Streams(Infinity, 2);
    // Each stream as if from another network: only the process-wide ceiling applies.
    const server = await serve(
      streams,
      () => (streams.full ? 503 : null),
      (socket) => `192.0.2.${socket.remotePort! % 250}`,
    );
    try {
      const first = await connect(server.port);
      const second = await connect(server.port);
      assert.deepEqual([first.status, second.status], [200, 200]);
      assert.equal(streams.full, true);
      assert.equal((await connect(server.port)).status, 503);
      first.close();
      await until(() => !streams.full);
      second.close();
    } finally {
      await server.close();
    }
  });

  it('sends the same bytes to every reader of a topic, and lets go of a reader who stopped reading instead of buffering for it', async () => {
    const streams = new Streams(Infinity, Infinity);
    const server = await serve(streams, () => null);
    try {
      const reading = await connect(server.port);
      const stalled = await connect(server.port, { read: false });
      await until(() => reading.received().includes('retry: 3000'));
      // Whatever the kernel's socket buffers hold, a reader who takes nothing is let go once
      // 1 MB waits in the process for it; the one who reads keeps getting every message.
      const chunk = `data: ${'x'.repeat(64 * 1024)}\n\n`;
      let sent = 0;
      while (streams.count === 2 && sent < 2000) {
        streams.send('t', chunk);
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      assert.equal(streams.count, 1, `the stalled reader was dropped after ${sent} messages`);
      await until(() => reading.received().length >= sent * chunk.length);
      stalled.close();
      reading.close();
    } finally {
      await server.close();
    }
  });

  it('does not count a reader who left before the stream opened (its close has already fired)', () => {
    const streams = new Streams(1, 1);
    let destroyed = false;
    const gone = { destroyed: true, socket: null, destroy: () => (destroyed = true) } as unknown as http.ServerResponse;
    assert.equal(streams.register(gone, ['t'], '198.51.100.1'), false);
    assert.equal(streams.count, 0);
    assert.equal(streams.admits('198.51.100.1'), true, 'its slot is still free');
    assert.ok(destroyed);
  });

  it('keeps what a topic gets while a stream waits for its catch-up, and sends it after the catch-up', async () => {
    const streams = new Streams(Infinity, Infinity);
    let begin: (() => void) | undefined;
    const server = http.createServer((request, response) => {
      assert.ok(streams.register(response, ['t'], 'a'));
      begin = () => streams.begin(response, 'retry: 3000\n\ndata: caught up\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      let received = '';
      const request = http.get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/' }, (response) => {
        response.on('data', (chunk) => (received += chunk));
      });
      await until(() => begin !== undefined);
      assert.equal(streams.count, 1, 'counted from the moment it is registered');
      streams.send('t', 'data: while reading\n\n');
      begin!();
      streams.send('t', 'data: after\n\n');
      await until(() => received.includes('after'));
      assert.equal(received, 'retry: 3000\n\ndata: caught up\n\ndata: while reading\n\ndata: after\n\n');
      request.destroy();
      await until(() => streams.count === 0);
    } finally {
      streams.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('frees the slot of a reader who leaves while the catch-up is read, and of one whose catch-up failed', async () => {
    const streams = new Streams(1, 1);
    const registered: http.ServerResponse[] = [];
    const server = http.createServer((request, response) => {
      if (streams.register(response, ['t'], 'a')) registered.push(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const leaving = http.get({ host: '127.0.0.1', port, path: '/' }).on('error', () => {});
      await until(() => registered.length === 1);
      assert.equal(streams.full, true);
      assert.equal(streams.admits('a'), false);
      leaving.destroy();
      await until(() => !streams.full);
      assert.equal(streams.admits('a'), true, 'the address has its slot back');
      streams.send('t', 'data: nobody\n\n');
      streams.begin(registered[0]!, 'retry: 3000\n\n');
      assert.equal(streams.count, 0, 'beginning a stream whose reader left does not count it again');

      const failing = http.get({ host: '127.0.0.1', port, path: '/' }).on('error', () => {});
      await until(() => registered.length === 2);
      assert.equal(streams.full, true);
      streams.unregister(registered[1]!);
      assert.equal(streams.full, false);
      assert.equal(streams.admits('a'), true);
      registered[1]!.destroy();
      failing.destroy();
    } finally {
      streams.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('lets go of a stream whose waiting messages pass 256 KiB, counted in bytes, not characters', () => {
    const streams = new Streams(Infinity, Infinity);
    let destroyed = false;
    const waiting = { destroyed: false, socket: null, on: () => {}, destroy: () => (destroyed = true) } as unknown as http.ServerResponse;
    assert.ok(streams.register(waiting, ['t'], 'a'));
    // 100,000 characters of two bytes each, twice: 200,000 characters (under 256 Ki) but 400,000 bytes (over).
    const accented = `data: ${'é'.repeat(100_000)}\n\n`;
    streams.send('t', accented);
    assert.equal(destroyed, false, 'one message waits');
    streams.send('t', accented);
    assert.ok(destroyed, 'the second passes the limit in bytes');
    assert.equal(streams.count, 0, 'and its slot is free');
  });

  it('sends every reader away to come back, each told its own moment within the spread, and frees their slots', async () => {
    const streams = new Streams(Infinity, Infinity);
    const server = await serve(streams, () => null);
    try {
      const readers = await Promise.all([connect(server.port), connect(server.port), connect(server.port)]);
      await until(() => streams.count === 3 && readers.every((reader) => reader.received().startsWith('retry: 3000')));
      const draws = [0, 0.5, 1];
      streams.resumeAll(30_000, () => draws.shift()!);
      await until(() => streams.count === 0);
      const told = readers.map((reader) => Number(/retry: (\d+)\n\n$/.exec(reader.received())?.[1])).sort((a, b) => a - b);
      assert.deepEqual(told, [1000, 16000, 31000]);
    } finally {
      await server.close();
    }
  });
});
