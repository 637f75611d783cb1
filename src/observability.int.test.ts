import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../test/support/app.ts';
import { engine } from '../test/support/database.ts';
import { enqueue } from './platform/jobs/queue.ts';
import { queueMail } from './platform/mail/mailer.ts';

const TOKEN = 'metrics-token-for-the-tests-0123456789';

/** The value of one series in Prometheus text, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inside = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([key, value]) => inside.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe(`metrics, health and request ids on ${engine}`, () => {
  let t: TestApp;
  let base: string;
  const metrics = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.statusCode, 200, response.body);
    return response.body;
  };

  before(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN, TRUST_PROXY: '10.0.0.0/8' } });
    await seedBasics(t);
    const created = await t.admin('POST', '/api/admin/articles', validArticle());
    assert.equal(created.statusCode, 201, created.body);
    const published = await t.admin('POST', `/api/admin/articles/${created.json().id}/publish`);
    assert.ok(published.statusCode < 300, published.body);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  it('/metrics needs the token, compared whole', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN]) {
      const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      assert.equal(response.statusCode, 401, String(authorization));
    }
    assert.match(await metrics(), /# TYPE masthead_http_request_duration_seconds histogram/);
  });

  it('counts requests by route pattern, never by the address asked for', async () => {
    const id = '00000000-0000-4000-8000-00000000abcd';
    await t.get(`/api/content/articles/no-such-slug-${id}`);
    await t.get('/api/content/no/such/thing/here/3f2a');
    const text = await metrics();
    assert.equal(sample(text, 'masthead_http_request_duration_seconds_count', { route: '/api/content/articles/:slug', status: '404' }), 1);
    assert.ok(sample(text, 'masthead_http_request_duration_seconds_count', { route: 'unmatched', status: '404' })! >= 1);
    assert.doesNotMatch(text, new RegExp(`${id}|3f2a`));
  });

  it('answers cached pages on the fast path with a request id, counted as the page-cache route', async () => {
    const first = await fetch(`${base}/`);
    assert.equal(first.status, 200);
    const second = await fetch(`${base}/`);
    await second.arrayBuffer();
    const [a, b] = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    assert.match(a ?? '', /^[0-9a-f]{8}-[0-9a-z]+$/);
    assert.match(b ?? '', /^[0-9a-f]{8}-[0-9a-z]+$/);
    assert.notEqual(a, b);
    const text = await metrics();
    assert.equal(sample(text, 'masthead_http_request_duration_seconds_count', { route: 'page-cache', method: 'GET', status: '200' }), 1);
    assert.ok(sample(text, 'masthead_page_cache_hits_total')! >= 1);
    assert.ok(sample(text, 'masthead_page_cache_misses_total')! >= 1);
    assert.ok(sample(text, 'masthead_page_cache_pages')! >= 1);
    // A change purges: counted, with the pages it dropped.
    const purgesBefore = sample(text, 'masthead_page_cache_purges_total')!;
    assert.equal((await t.admin('POST', '/api/admin/topics', { name: 'Weather' })).statusCode, 201);
    assert.ok(sample(await metrics(), 'masthead_page_cache_purges_total')! > purgesBefore);
  });

  it('takes a request id from a trusted proxy only, and only a well-formed one', async () => {
    const asked = (remoteAddress: string, id: string) => t.app.inject({ method: 'GET', url: '/livez', remoteAddress, headers: { 'x-request-id': id } });
    assert.equal((await asked('10.1.2.3', 'cdn-42.abc_def')).headers['x-request-id'], 'cdn-42.abc_def');
    assert.notEqual((await asked('203.0.113.7', 'forged-by-reader')).headers['x-request-id'], 'forged-by-reader');
    assert.notEqual((await asked('10.1.2.3', 'no spaces please')).headers['x-request-id'], 'no spaces please');
    // A JSON error answer carries it too.
    assert.ok((await t.get('/api/content/articles/nope')).headers['x-request-id']);
  });

  it('counts job runs and failures, and reads the queue from the database', async () => {
    t.app.jobs.register('test.metrics-ok', async () => {});
    t.app.jobs.register('test.metrics-broken', async () => {
      throw new Error('broken on purpose');
    });
    await enqueue(t.db.database.db, 'test.metrics-ok', {});
    await enqueue(t.db.database.db, 'test.metrics-broken', {}, { maxAttempts: 1 });
    await enqueue(t.db.database.db, 'test.metrics-later', {}, { runAt: new Date(Date.now() + 3_600_000) });
    await enqueue(t.db.database.db, 'test.metrics-waiting', {}, { runAt: new Date(Date.now() - 60_000) });
    let text = await metrics();
    assert.equal(sample(text, 'masthead_jobs', { name: 'test.metrics-later', state: 'scheduled' }), 1);
    assert.equal(sample(text, 'masthead_jobs', { name: 'test.metrics-waiting', state: 'due' }), 1);
    assert.ok(sample(text, 'masthead_jobs_oldest_due_seconds', { name: 'test.metrics-waiting' })! >= 59);
    await queueMail(t.db.database.db, { to: 'reader@example.org', subject: 'Counted', text: 'One message.', html: '<p>One message.</p>' });
    await t.app.jobs.runDue();
    text = await metrics();
    assert.equal(sample(text, 'masthead_mail_messages_total', { outcome: 'sent' }), 1, 'the message went to the outbox: sent');
    assert.equal(sample(text, 'masthead_job_runs_total', { name: 'test.metrics-ok', outcome: 'done' }), 1);
    assert.equal(sample(text, 'masthead_job_runs_total', { name: 'test.metrics-broken', outcome: 'failed' }), 1);
    assert.equal(sample(text, 'masthead_job_duration_seconds_count', { name: 'test.metrics-ok' }), 1);
    assert.equal(sample(text, 'masthead_jobs', { name: 'test.metrics-ok', state: 'due' }), undefined);
  });

  it('reports the database connections and the listener', async () => {
    const text = await metrics();
    assert.ok(sample(text, 'masthead_db_connections', { state: 'total' })! >= 1);
    assert.equal(sample(text, 'masthead_db_listener_up'), 1);
    assert.equal(sample(text, 'masthead_live_streams'), 0);
    if (engine === 'postgres') assert.notEqual(sample(text, 'masthead_db_connections', { state: 'idle' }), undefined);
  });

  it('/livez, /readyz and /healthz answer while all is well', async () => {
    for (const url of ['/livez', '/readyz', '/healthz']) {
      const response = await t.get(url);
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.json().status, 'ok');
      assert.equal(response.headers['cache-control'], 'no-store');
    }
  });
});

describe(`health on ${engine} when the database is gone`, () => {
  it('/readyz and /healthz say so; /livez, which does no I/O, still answers', async () => {
    const t = await createTestApp();
    try {
      await t.db.database.close();
      assert.equal((await t.get('/livez')).statusCode, 200);
      for (const url of ['/readyz', '/healthz']) {
        const response = await t.get(url);
        assert.equal(response.statusCode, 503, url);
        assert.match(response.json().status, /database/);
      }
    } finally {
      await t.close().catch(() => {});
    }
  });
});

describe(`/metrics without METRICS_TOKEN on ${engine}`, () => {
  it('is not there at all', async () => {
    const t = await createTestApp();
    try {
      assert.equal((await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
