import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { validArticle } from '../../../test/support/app.ts';
import { createTestDatabase, engine } from '../../../test/support/database.ts';
import { until } from '../../../test/support/wait.ts';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../platform/config.ts';
import { openDatabase } from '../../platform/db/open.ts';
import { rows } from '../../platform/db/database.ts';
import { createToken } from '../../newsroom/tokens/service.ts';

describe(`cache invalidation across processes on ${engine}`, () => {
  if (engine !== 'postgres') {
    it('PGlite serves from one process, so its purge is local (tested above)', () => {
      assert.equal(engine, 'pglite');
    });
    return;
  }
  it('a change made through one process purges the pages another one cached', { timeout: 60_000 }, async () => {
    const db = await createTestDatabase();
    const config = loadConfig({ PUBLIC_URL: 'https://news.example', LOG_LEVEL: 'silent', DATA_DIR: '/tmp' });
    const second = await openDatabase({ databaseUrl: db.url, poolSize: 2 });
    const one = await buildApp({ config, database: db.database, logger: false });
    const two = await buildApp({ config, database: second, logger: false });
    try {
      const { token } = await createToken(db.database.db, 'x');
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const post = (url: string, body: unknown) => one.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
      await post('/api/admin/authors', { name: 'Ada Reporter' });
      await post('/api/admin/sections', { name: 'World' });
      const article = (await post('/api/admin/articles', validArticle({ topics: [], status: 'published' }))).json();
      const url = new URL(article.url).pathname;
      assert.match((await two.inject(url)).body, /Leaders agree to meet again/);
      assert.ok(two.pageCache.get(`article::world/${article.slug}`), 'process two cached the page');
      await one.inject({
        method: 'PATCH',
        url: `/api/admin/articles/${article.id}`,
        headers,
        payload: JSON.stringify({ version: article.version, headline: 'Leaders agree on a date' }),
      });
      // The purge reaches process two through PostgreSQL's NOTIFY, whenever the server delivers it.
      const body = await until(async () => {
        const page = (await two.inject(url)).body;
        return page.includes('Leaders agree on a date') && page;
      });
      assert.match(body, /Leaders agree on a date/);

      // Process two's listening connection is lost (a restart, a failover) and comes back: purges
      // broadcast meanwhile never reach it, so it drops every page it cached.
      await two.inject(url);
      assert.ok(two.pageCache.get(`article::world/${article.slug}`), 'process two cached the page again');
      const ended = await rows(
        db.database.db,
        sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'masthead-listen' and datname = current_database()`,
      );
      assert.ok(ended.length > 0, 'the listening connections were found and ended');
      await until(() => !two.pageCache.get(`article::world/${article.slug}`));
    } finally {
      await one.close();
      await two.close();
      await second.close();
      await db.dispose();
    }
  });
});
