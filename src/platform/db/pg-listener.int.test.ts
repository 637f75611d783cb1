import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestDatabase, engine, type TestDatabase } from '../../../test/support/database.ts';
import { until } from '../../../test/support/wait.ts';
import { rows } from './database.ts';
import { PgListener } from './pg-listener.ts';

/**
 * The listening connection against a real PostgreSQL, ended by the server as a restart or a
 * failover ends it (`pg_terminate_backend`). Each listener here has a name of its own, so only
 * its own connection is ended and counted.
 */
describe(`the database listener on ${engine}: a lost connection comes back`, { timeout: 60_000 }, () => {
  if (engine !== 'postgres') {
    it('PGlite runs in the process: there is no connection to lose', () => assert.equal(engine, 'pglite'));
    return;
  }
  let db: TestDatabase;
  /** Every listener made here, closed at the end even when a test failed (a listener left retrying would keep the process). */
  const made: PgListener[] = [];
  before(async () => (db = await createTestDatabase()));
  after(async () => {
    await Promise.all(made.map((pg) => pg.close()));
    await db.dispose();
  });

  function listener() {
    const name = `masthead-listen-test-${crypto.randomBytes(4).toString('hex')}`;
    const said: string[] = [];
    const pg = new PgListener(
      { connectionString: db.url!, application_name: name },
      (level, message, error) => void said.push(`${level} ${message} ${error instanceof Error ? error.message : ''}`),
    );
    made.push(pg);
    const end = () =>
      rows(db.database.db, sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name} and datname = current_database()`);
    const connections = async () =>
      (await rows<{ n: number }>(db.database.db, sql`select count(*)::int as n from pg_stat_activity where application_name = ${name}`))[0]!.n;
    return { pg, said, end, connections };
  }

  it('listens again, calls onMissed once, and says so without the address', async () => {
    const { pg, said, end } = listener();
    const heard: string[] = [];
    let missed = 0;
    const stop = await pg.listen(
      'gap_test',
      (payload) => heard.push(payload),
      () => missed++,
    );
    assert.equal((await end()).length, 1, 'its one connection was ended');
    await until(() => missed === 1);
    await db.database.notify('gap_test', 'after the gap');
    await until(() => heard.length);
    assert.deepEqual(heard, ['after the gap']);
    assert.equal(missed, 1, 'one gap, one catching up');
    assert.ok(said.some((line) => line.startsWith('warn ')) && said.some((line) => line.startsWith('info ')), said.join('\n'));
    assert.ok(!said.some((line) => line.includes(db.url!)), 'never the connection string');
    await stop();
    await pg.close();
    assert.equal(missed, 1, 'closing is no gap');
  });

  it('closed while waiting to reconnect, it neither reconnects nor calls onMissed', async () => {
    const { pg, said, end, connections } = listener();
    let missed = 0;
    await pg.listen(
      'closing_test',
      () => {},
      () => missed++,
    );
    await end();
    // Closed once it knows the connection is gone, in the pause before connecting again (at most 1 s).
    await until(() => said.some((line) => line.startsWith('warn ')));
    await pg.close();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(missed, 0);
    assert.equal(await connections(), 0, 'no connection left open or opened again');
  });

  it('a connection that drops again as soon as it is back still ends listening, and a channel added meanwhile is heard', async () => {
    const { pg, end, connections } = listener();
    const heard: string[] = [];
    let missed = 0;
    await pg.listen(
      'flap_test',
      (payload) => heard.push(`flap ${payload}`),
      () => missed++,
    );
    await end();
    // Back and listening (a backend just ended can still show in pg_stat_activity, so its count is no sign).
    await until(() => missed === 1);
    await end();
    // Asked for while it reconnects: listened on whichever connection comes back, once.
    await pg.listen('late_test', (payload) => heard.push(`late ${payload}`));
    // Announced until both are heard: one made while it was away again is lost (and onMissed says so).
    let n = 0;
    await until(async () => {
      n++;
      await db.database.notify('flap_test', String(n));
      await db.database.notify('late_test', String(n));
      await new Promise((resolve) => setTimeout(resolve, 100));
      return heard.some((h) => h.startsWith('flap')) && heard.some((h) => h.startsWith('late'));
    });
    assert.ok(missed >= 2, 'it said twice that it may have missed some');
    assert.equal(await connections(), 1, 'one listening connection');
    const late = heard.filter((h) => h.startsWith('late'));
    assert.equal(new Set(late).size, late.length, 'each heard once: listened once');
    await pg.close();
  });

  it('listening while the server cannot be reached resolves, keeps trying, and is heard once the server is back', async () => {
    const gate = await tcpGate(new URL(db.url!));
    try {
      const url = new URL(db.url!);
      url.host = `127.0.0.1:${gate.port}`;
      const said: string[] = [];
      const pg = new PgListener({ connectionString: url.toString() }, (level, message) => void said.push(`${level} ${message}`));
      made.push(pg);
      const heard: string[] = [];
      let missed = 0;
      const stop = await pg.listen(
        'away_test',
        (payload) => heard.push(payload),
        () => missed++,
      );
      assert.ok(
        said.some((line) => line.startsWith('warn ')),
        'it says it could not connect',
      );
      assert.equal(pg.listening, false, 'not listening while away (readiness asks this)');
      gate.open();
      await until(() => missed === 1);
      assert.equal(pg.listening, true);
      await db.database.notify('away_test', 'back');
      await until(() => heard.length === 1);
      // Stopped, the channel is no longer listened: a later announcement is not heard.
      await stop();
      await db.database.notify('away_test', 'after stop');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(heard, ['back']);
      await pg.close();
      assert.equal(pg.listening, false, 'a closed listener hears nothing');
    } finally {
      await gate.close();
    }
  });
});

/** A TCP port that refuses connections until opened, then passes them to `target`: a database server that is away, then back. */
async function tcpGate(target: URL) {
  let isOpen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (!isOpen) return void socket.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    open: () => void (isOpen = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
