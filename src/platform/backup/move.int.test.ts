import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.ts';
import { DiskStorage } from '../storage/index.ts';
import { isEmpty, seedDemo } from '../../demo/index.ts';
import { createEmptyPgDatabase, engine, pgliteTemplate } from '../../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { rows, type Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { inDependencyOrder, moveToPostgres } from './move.ts';

describe(`moving an embedded site onto PostgreSQL (${engine} run)`, { timeout: 180_000 }, () => {
  it('puts parents before the tables that refer to them', () => {
    const order = inDependencyOrder(
      [{ name: 'comments' }, { name: 'articles' }, { name: 'accounts' }, { name: 'sections' }],
      [
        { child: 'comments', parent: 'articles' },
        { child: 'comments', parent: 'accounts' },
        { child: 'comments', parent: 'comments' },
        { child: 'articles', parent: 'sections' },
        { child: 'sections', parent: 'sections' },
      ],
    ).map((t) => t.name);
    assert.ok(order.indexOf('sections') < order.indexOf('articles') && order.indexOf('articles') < order.indexOf('comments'), order.join());
    assert.ok(order.indexOf('accounts') < order.indexOf('comments'));
  });

  if (engine !== 'postgres') return;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-move-'));
  const storage = new DiskStorage(path.join(dataDir, 'media'));
  let source: Database;
  let target: { url: string; dispose(): Promise<void> };
  before(async () => {
    source = await openDatabase({ dataDir, loadDataDir: await pgliteTemplate() });
    await seedDemo(source, storage);
    target = await createEmptyPgDatabase();
  });
  after(async () => {
    await source?.close();
    await target?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies every row, and the moved site serves the same pages', async () => {
    const destination = await openDatabase({ databaseUrl: target.url, poolSize: 2 });
    try {
      const copied = await moveToPostgres(source, destination);
      assert.ok(copied.find((t) => t.table === 'articles')!.rows >= 10, 'the demo articles');
      assert.ok(!(await isEmpty(destination)));
      // A second move into the same database is refused: it is not empty now.
      await assert.rejects(moveToPostgres(source, destination), /already has tables/);
      // Sequences continue past the copied rows: a new consent gets a number past the copied ones.
      const [max] = await rows<{ n: number | null }>(destination.db, sql`select max(seq)::int as n from consents`);
      const [next] = await rows<{ n: number }>(destination.db, sql`select nextval(pg_get_serial_sequence('consents', 'seq'))::int as n`);
      assert.ok(next!.n > (max!.n ?? 0));
    } finally {
      await destination.close();
    }
    const config = (extra: Record<string, string>) => loadConfig({ PUBLIC_URL: 'https://news.example', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...extra });
    const moved = await openDatabase({ databaseUrl: target.url, poolSize: 2 });
    const [before, after] = [
      await buildApp({ config: config({}), database: source, storage, logger: false }),
      await buildApp({ config: config({ DATABASE_URL: target.url }), database: moved, storage, logger: false }),
    ];
    try {
      // The front the home page sends readers to, its first article, and the sitemap.
      const front = (await before.inject({ method: 'GET', url: '/' })).headers.location as string;
      const article = /href="(\/[a-z0-9-]+\/[a-z0-9-]+)#comments"/.exec((await before.inject({ method: 'GET', url: front })).body)?.[1];
      assert.ok(front && article, 'a front with an article');
      for (const url of [front, article, '/sitemap.xml']) {
        const [a, b] = [await before.inject({ method: 'GET', url }), await after.inject({ method: 'GET', url })];
        assert.equal(b.statusCode, 200, url);
        assert.ok(a.headers.etag, url);
        assert.equal(b.headers.etag, a.headers.etag, `${url}: the same bytes`);
      }
    } finally {
      await before.close();
      await after.close();
      await moved.close();
    }
  });
});
