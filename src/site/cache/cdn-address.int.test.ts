import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { startCdnApis } from '../../../test/support/cdn-apis.ts';
import { engine } from '../../../test/support/database.ts';
import { until } from '../../../test/support/wait.ts';
import { rows } from '../../platform/db/database.ts';

const ZONE = 'fedcba9876543210fedcba9876543210';

/** Cloudflare purged by address (`mode=files`): the pages' URLs are queued with the keys and sent as `files`. */
describe(`CDN purges by address on ${engine}`, () => {
  let t: TestApp;
  let apis: Awaited<ReturnType<typeof startCdnApis>>;
  before(async () => {
    apis = await startCdnApis();
    t = await createTestApp({ env: { CDN_PURGE_URL: `cloudflare://${ZONE}?token=cf-token&mode=files&api=${apis.base}/client/v4` } });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await apis.close();
  });

  it('a correction purges the addresses of the pages showing the article, and pages send no Cache-Tag', async () => {
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    const path = new URL(article.url).pathname;
    const page = await t.get(path);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-tag'], undefined);
    await t.get(`${path}?utm_source=mail`);
    await t.app.jobs.runDue();
    apis.calls.length = 0;

    await t.admin('POST', `/api/admin/articles/${article.id}/corrections`, { kind: 'correction', note: 'A name was misspelt.' });
    await until(async () => (await rows(t.db.database.db, sql`select 1 from jobs where name = 'cdn.purge' and state = 'queued'`)).length > 0);
    await t.app.jobs.runDue();
    const files = apis.cloudflare().flatMap((call) => (call.json.files as string[] | undefined) ?? []);
    assert.ok(files.includes(`https://news.example${path}`), JSON.stringify(files));
    assert.ok(
      apis.cloudflare().every((call) => call.json.tags === undefined),
      'no tags in address mode',
    );
  });
});
