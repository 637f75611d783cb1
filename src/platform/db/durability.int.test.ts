import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.ts';
import { DiskStorage } from '../storage/index.ts';
import { createToken } from '../../newsroom/tokens/service.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from './open.ts';
import { migrate, readMigrations, MigrationError } from './migrate.ts';
import { createTestApp, seedBasics, tableCounts, validArticle, type TestApp } from '../../../test/support/app.ts';
import { createTestDatabase, dumpPglite, engine } from '../../../test/support/database.ts';
import { until } from '../../../test/support/wait.ts';
import { rows, type Database } from './database.ts';

describe(`database on ${engine}: transactions, restarts, migrations`, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
  });
  after(() => t.close());

  it('a write that fails half-way leaves nothing behind', async () => {
    // Make the very last insert of an article creation fail, after the article row and its
    // byline were written inside the same transaction.
    await t.db.database.db.execute(sql`create function refuse_topic() returns trigger language plpgsql as $$
      begin raise exception 'simulated failure'; end $$`);
    await t.db.database.db.execute(sql`create trigger refuse_topic before insert on article_topics for each row execute function refuse_topic()`);
    try {
      const before = await tableCounts(t);
      const response = await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Half written', slug: 'half-written' }));
      assert.equal(response.statusCode, 500);
      assert.doesNotMatch(response.body, /simulated|trigger|at .*\.ts/, 'internals never reach the client');
      assert.deepEqual(await tableCounts(t), before);
      // The slug was not taken either: the next attempt gets it.
      await t.db.database.db.execute(sql`drop trigger refuse_topic on article_topics`);
      const retry = await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Half written', slug: 'half-written' }));
      assert.equal(retry.statusCode, 201, retry.body);
    } finally {
      await t.db.database.db.execute(sql`drop trigger if exists refuse_topic on article_topics`);
      await t.db.database.db.execute(sql`drop function if exists refuse_topic()`);
    }
  });

  it('migrating again changes nothing, and an edited migration is refused', async () => {
    assert.deepEqual(await migrate(t.db.database), []);
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, sha256: 'edited' } : m));
    await assert.rejects(() => migrate(t.db.database, edited), MigrationError);
  });

  it('runs the release before on a schema a newer release only added to, and refuses it one that contracted or went apart', async () => {
    const all = readMigrations();
    const before = all.slice(0, -1);
    const warned: string[] = [];
    assert.deepEqual(await migrate(t.db.database, before, (message) => warned.push(message)), []);
    assert.match(warned.join(), new RegExp(`newer release \\(${all.at(-1)!.tag}\\); they only added`));
    // The newest migration recorded as a contract: the release before must not run on it.
    const last = all.at(-1)!.tag;
    await t.db.database.db.execute(sql`update schema_migrations set contract = true where tag = ${last}`);
    try {
      await assert.rejects(() => migrate(t.db.database, before, () => {}), /removed what this one needs/);
    } finally {
      await t.db.database.db.execute(sql`update schema_migrations set contract = false where tag = ${last}`);
    }
    // A release with a migration of its own the database lacks, beside one it does not know: apart, refused.
    const apart = [...before, { tag: '9999_elsewhere', sha256: 'x', statements: ['select 1'], contract: false }];
    await assert.rejects(() => migrate(t.db.database, apart, () => {}), /went apart/);
    assert.deepEqual(
      (await rows<{ n: number }>(t.db.database.db, sql`select count(*)::int as n from schema_migrations where tag = '9999_elsewhere'`))[0]!.n,
      0,
      'nothing applied',
    );
  });

  it('keeps every article across a restart, and publishes at start what fell due while it was down', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-restart-'));
    const storage = new DiskStorage(path.join(dataDir, 'media'));
    const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'https://news.example', LOG_LEVEL: 'silent' });
    // The first "run": a database on disk (PGlite) or a server database (PostgreSQL).
    let reopen: () => Promise<Database>;
    let dispose = async () => {};
    if (engine === 'pglite') {
      const seed = await openDatabase({ dataDir });
      await migrate(seed);
      await seed.close();
      reopen = () => openDatabase({ dataDir });
    } else {
      const test = await createTestDatabase();
      await test.database.close();
      reopen = () => openDatabase({ databaseUrl: test.url, poolSize: 2 });
      dispose = test.dispose;
    }
    try {
      let database = await reopen();
      let app = await buildApp({ config, database, storage, logger: false });
      const { token } = await createToken(database.db, 'restart');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const post = (url: string, body: unknown) => app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
      await post('/api/admin/authors', { name: 'Ada Reporter' });
      await post('/api/admin/sections', { name: 'World' });
      const created = (await post('/api/admin/articles', validArticle({ topics: [], status: 'published' }))).json();
      await post(`/api/admin/articles/${created.id}/corrections`, { kind: 'correction', note: 'Fixed a date.' });
      const before = (await app.inject({ url: `/api/content/articles/${created.slug}` })).json();
      // Scheduled for a minute ahead; the site is down when the minute comes.
      const at = new Date(Date.now() + 60_000).toISOString();
      const scheduled = (await post('/api/admin/articles', validArticle({ topics: [], headline: 'Due while the site was down' }))).json();
      assert.equal((await post(`/api/admin/articles/${scheduled.id}/schedule`, { at })).statusCode, 200);
      await app.close();
      await database.close();

      database = await reopen();
      app = await buildApp({ config, database, storage, logger: false, now: () => new Date(Date.now() + 120_000) });
      // Starting the worker (as `masthead start` does) runs what fell due meanwhile.
      await app.jobs.start();
      await until(async () => (await app.inject({ url: `/api/admin/articles/${scheduled.id}`, headers })).json().status === 'published', 50);
      assert.equal((await app.inject({ url: `/api/admin/articles/${scheduled.id}`, headers })).json().publishedAt, at);
      const after = await app.inject({ url: `/api/content/articles/${created.slug}` });
      assert.equal(after.statusCode, 200);
      assert.deepEqual(after.json(), before);
      // The token survived too.
      assert.equal((await app.inject({ url: '/api/admin/articles', headers })).statusCode, 200);
      await app.close();
      await database.close();
    } finally {
      await dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  if (engine === 'pglite') {
    it('refuses to open an embedded database another process holds', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-lock-'));
      try {
        const first = await openDatabase({ dataDir, loadDataDir: await dumpPglite(t.db.database) });
        fs.writeFileSync(path.join(dataDir, 'pglite', 'masthead.lock'), String(process.ppid));
        await assert.rejects(() => openDatabase({ dataDir }), /in use by process/);
        fs.writeFileSync(path.join(dataDir, 'pglite', 'masthead.lock'), String(process.pid));
        await first.close();
        // A lock left by a process that is gone is taken over.
        fs.writeFileSync(path.join(dataDir, 'pglite', 'masthead.lock'), '999999999');
        const second = await openDatabase({ dataDir });
        await second.close();
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('delivers NOTIFY to listeners', async () => {
    const received: string[] = [];
    const stop = await t.db.database.listen('masthead_test', (payload) => received.push(payload));
    await t.db.database.notify('masthead_test', 'hello');
    await until(() => received.length);
    await stop();
    assert.deepEqual(received, ['hello']);
  });

  if (engine === 'postgres')
    it('listens again after the server ends the listening connection, and says announcements may have been missed', { timeout: 30_000 }, async () => {
      const received: string[] = [];
      let missed = 0;
      const stop = await t.db.database.listen(
        'masthead_gap_test',
        (payload) => received.push(payload),
        () => missed++,
      );
      // What a restart or a managed database's failover does to every open connection.
      const ended = await rows(
        t.db.database.db,
        sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'masthead-listen' and datname = current_database()`,
      );
      assert.ok(ended.length > 0, 'the listening connection was found and ended');
      await until(() => missed === 1);
      await t.db.database.notify('masthead_gap_test', 'after the gap');
      await until(() => received.length);
      assert.deepEqual(received, ['after the gap']);
      assert.equal(missed, 1, 'one gap, one catching up');
      await stop();
      // Stopped: neither is called again.
      await t.db.database.notify('masthead_gap_test', 'not heard');
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(received, ['after the gap']);
    });
});
