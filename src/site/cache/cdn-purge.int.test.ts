import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { startCdnApis } from '../../../test/support/cdn-apis.ts';
import { engine } from '../../../test/support/database.ts';
import { until } from '../../../test/support/wait.ts';
import { rows } from '../../platform/db/database.ts';

const SERVICE = 'SU1Z0isxPaozGVKXdv0eY';
const ZONE = '0123456789abcdef0123456789abcdef';

/**
 * Purges reach the CDNs through the queue, after the write answered: each stand-in speaks its
 * API's documented protocol and records what it was told. The app's clock is ours, so a retry's
 * backoff and the purge-all interval pass without waiting.
 */
describe(`CDN purges on ${engine}`, () => {
  let t: TestApp;
  let apis: Awaited<ReturnType<typeof startCdnApis>>;
  /** The app's clock runs ahead of the real one by this much. */
  let ahead = 0;
  const pending = async () =>
    (await rows<{ key: string }>(t.db.database.db, sql`select key from cdn_purges where key <> '*last' order by key`)).map((r) => r.key);
  /** Waits until `check` holds of the queued keys and a drain is queued (the change queues both, after its write answered). */
  const queued = (check: (keys: string[]) => boolean) =>
    until(
      async () => check(await pending()) && (await rows(t.db.database.db, sql`select 1 from jobs where name = 'cdn.purge' and state = 'queued'`)).length > 0,
    );
  const fastlyKeys = () => apis.fastly('/purge').flatMap((c) => String(c.headers['surrogate-key']).split(' '));

  before(async () => {
    apis = await startCdnApis();
    const targets = [
      `fastly://${SERVICE}?key=fastly-token&soft=1&api=${apis.base}`,
      `cloudflare://${ZONE}?token=cf-token&api=${apis.base}/client/v4`,
      `${apis.base}/varnish?token=own-token`,
    ];
    t = await createTestApp({ env: { CDN_PURGE_URL: targets.join(','), CDN_PURGE_ALL_EVERY: '30' }, now: () => new Date(Date.now() + ahead) });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await apis.close();
  });
  beforeEach(async () => {
    await t.app.jobs.runDue();
    apis.calls.length = 0;
  });

  it('a publish answers at once, then its keys reach every CDN, each in its own protocol', async () => {
    const created = await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }));
    assert.equal(created.statusCode, 201, created.body);
    const article = created.json();
    await queued((keys) => keys.includes(`article:${article.id}`));
    assert.equal(apis.calls.length, 0, 'nothing was sent while the write was answered');
    await t.app.jobs.runDue();

    assert.ok(fastlyKeys().includes(`article:${article.id}`) && fastlyKeys().includes('list:all'));
    const [fastly] = apis.fastly('/purge');
    assert.equal(fastly!.path, `/service/${SERVICE}/purge`);
    assert.equal(fastly!.headers['fastly-key'], 'fastly-token');
    assert.equal(fastly!.headers['fastly-soft-purge'], '1');
    const [cloudflare] = apis.cloudflare();
    assert.equal(cloudflare!.path, `/client/v4/zones/${ZONE}/purge_cache`);
    assert.equal(cloudflare!.headers.authorization, 'Bearer cf-token');
    assert.ok((cloudflare!.json.tags as string[]).includes(`article:${article.id}`));
    const [own] = apis.own();
    assert.deepEqual([own!.method, own!.path, own!.headers.authorization], ['PURGE', '/varnish', 'Bearer own-token']);
    assert.match(String(own!.headers['surrogate-key']), new RegExp(`article:${article.id}`));
    assert.deepEqual(await pending(), [], 'forgotten once every CDN accepted it');

    // Pages name the same keys for Cloudflare in Cache-Tag.
    const page = await t.get(new URL(article.url).pathname);
    assert.match(String(page.headers['cache-tag']), new RegExp(`article:${article.id}`));
  });

  it('a CDN answering 503 leaves the keys queued and is retried with the backoff; the correction answered 200 at once', async () => {
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Port reopens', status: 'published' }))).json();
    await t.app.jobs.runDue();
    apis.calls.length = 0;
    apis.setFailing(true);
    const corrected = await t.admin('POST', `/api/admin/articles/${article.id}/corrections`, { kind: 'correction', note: 'The port was misnamed.' });
    assert.ok(corrected.statusCode < 300, corrected.body);
    await queued((keys) => keys.includes(`article:${article.id}`));
    await t.app.jobs.runDue();
    assert.ok(apis.calls.length > 0, 'the purge was tried');
    assert.ok((await pending()).includes(`article:${article.id}`), 'still queued after the 503');
    const [job] = await rows<{ state: string; last_error: string }>(
      t.db.database.db,
      sql`select state, last_error from jobs where name = 'cdn.purge' and state = 'queued'`,
    );
    assert.equal(job?.state, 'queued');
    assert.match(job!.last_error, /503/);
    assert.doesNotMatch(job!.last_error, /token/);

    apis.setFailing(false);
    apis.calls.length = 0;
    await t.app.jobs.runDue();
    assert.equal(apis.calls.length, 0, 'not before its backoff');
    ahead += 6_000;
    await t.app.jobs.runDue();
    assert.ok(fastlyKeys().includes(`article:${article.id}`), 'retried and accepted');
    assert.deepEqual(await pending(), []);
  });

  it('a key queued again while its purge is in flight is purged again, not forgotten', async () => {
    const id = '00000000-0000-4000-8000-000000000abc';
    t.app.ctx.events.commentsChanged(id);
    await queued((keys) => keys.includes(`comments:${id}`));
    const release = apis.hold();
    const draining = t.app.jobs.runDue();
    await until(() => apis.fastly('/purge').length === 1);
    t.app.ctx.events.commentsChanged(id); // a new comment while the CDN is being told of the last one
    await until(
      async () =>
        (await rows(t.db.database.db, sql`select 1 from jobs where name = 'cdn.purge' and singleton_key = 'cdn.purge:next' and state = 'queued'`)).length > 0,
    );
    release();
    await draining;
    await t.app.jobs.runDue();
    assert.deepEqual(fastlyKeys(), [`comments:${id}`, `comments:${id}`]);
    assert.deepEqual(await pending(), []);
  });

  it('a burst is coalesced into calls within each API’s limits', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const id of ids) t.app.ctx.events.commentsChanged(id);
    for (const id of ids) t.app.ctx.events.commentsChanged(id);
    await queued((keys) => keys.length === 40);
    await t.app.jobs.runDue();
    assert.equal(apis.fastly('/purge').length, 2, 'Fastly: batches of the strictest limit (30 keys)');
    assert.equal(apis.cloudflare().length, 2, 'Cloudflare: 30 tags a call');
    assert.deepEqual(new Set(fastlyKeys()), new Set(ids.map((id) => `comments:${id}`)));
  });

  it('everything is purged at most once per interval; keys are not held up meanwhile', async () => {
    ahead += 31_000; // past the purge of everything the setup's new sections caused
    t.app.ctx.events.everythingChanged();
    await queued((keys) => keys.includes('*'));
    await t.app.jobs.runDue();
    assert.equal(apis.fastly('/purge_all').length, 1);
    assert.deepEqual(apis.cloudflare()[0]!.json, { purge_everything: true });
    assert.equal(apis.own()[0]!.headers['x-purge-all'], '1');

    apis.calls.length = 0;
    t.app.ctx.events.everythingChanged();
    t.app.ctx.events.commentsChanged('00000000-0000-4000-8000-000000000999');
    await queued((keys) => keys.length === 2);
    await t.app.jobs.runDue();
    assert.equal(apis.fastly('/purge_all').length, 0, 'too soon after the last one');
    assert.deepEqual(fastlyKeys(), ['comments:00000000-0000-4000-8000-000000000999']);
    assert.deepEqual(await pending(), ['*']);
    ahead += 31_000;
    await t.app.jobs.runDue();
    assert.equal(apis.fastly('/purge_all').length, 1, 'sent once the interval passed');
    assert.deepEqual(await pending(), []);
  });

  it('an upload and its AVIF variants purge nothing the image is not on', async () => {
    const data = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#357' } })
      .png()
      .toBuffer();
    const body = multipart({ alt: 'A quay' }, { filename: 'quay.png', type: 'image/png', data });
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/admin/images',
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${t.token}` },
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    await t.app.jobs.runDue();
    const image = (await t.admin('GET', `/api/admin/images/${uploaded.json().id}`)).json();
    assert.ok(
      image.variants.some((v: { format: string }) => v.format === 'avif'),
      'the AVIF job ran',
    );
    assert.equal(apis.fastly('/purge_all').length, 0);
    assert.deepEqual(await pending(), []);
  });
});
