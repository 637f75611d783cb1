import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { engine } from '../test/support/database.ts';
import { enqueue } from './platform/jobs/queue.ts';

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  status?: { code?: number; message?: string };
}

/**
 * A stand-in for an OpenTelemetry collector at its documented OTLP/HTTP protocol: JSON
 * `ExportTraceServiceRequest`s POSTed to /v1/traces, answered 200 with an empty partial success.
 */
async function startCollector() {
  const spans: (OtlpSpan & { service: string })[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const { resource, scopeSpans } of body.resourceSpans) {
        const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const scope of scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    paths,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? Number(value.intValue) : undefined);
};

describe(`traces on ${engine}, with OTEL_EXPORTER_OTLP_ENDPOINT set`, () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let t: TestApp;

  before(async () => {
    collector = await startCollector();
    t = await createTestApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url } });
  });
  after(() => collector.stop());

  it('sends a span per request and per job run to the collector', async () => {
    assert.equal((await t.get('/livez')).statusCode, 200);
    const missing = await t.get('/api/content/articles/no-such-article?token=secret-one-time-token');
    assert.equal(missing.statusCode, 404);
    assert.equal((await t.get('/api/content/articles')).statusCode, 200);
    t.app.jobs.register('test.traced', async () => {});
    t.app.jobs.register('test.traced-broken', async () => {
      throw new Error('broken on purpose');
    });
    await enqueue(t.db.database.db, 'test.traced', {});
    await enqueue(t.db.database.db, 'test.traced-broken', {}, { maxAttempts: 1 });
    await t.app.jobs.runDue();
    await t.close(); // flushes the spans still batched

    assert.ok(
      collector.paths.every((p) => p === 'POST /v1/traces application/json'),
      collector.paths.join('\n'),
    );
    const requests = collector.spans.filter((span) => span.name === 'request');
    const routes = requests.map((span) => `${attribute(span, 'http.route')} ${attribute(span, 'http.response.status_code')}`);
    assert.ok(routes.includes('/api/content/articles 200'), routes.join('\n'));
    assert.ok(routes.includes('/api/content/articles/:slug 404'), routes.join('\n'));
    assert.ok(!routes.some((route) => route.startsWith('/livez')), 'probes are not traced');
    const notFound = requests.find((span) => attribute(span, 'http.route') === '/api/content/articles/:slug');
    assert.equal(attribute(notFound!, 'masthead.request_id'), missing.headers['x-request-id']);
    assert.equal(attribute(notFound!, 'url.path'), '/api/content/articles/no-such-article');
    assert.doesNotMatch(JSON.stringify(collector.spans), /secret-one-time-token/);
    assert.ok(collector.spans.every((span) => span.service === 'masthead'));

    const job = collector.spans.find((span) => span.name === 'job test.traced');
    assert.ok(job, collector.spans.map((span) => span.name).join('\n'));
    assert.equal(attribute(job, 'job.name'), 'test.traced');
    assert.equal(attribute(job, 'job.attempt'), 1);
    const broken = collector.spans.find((span) => span.name === 'job test.traced-broken');
    assert.equal(broken?.status?.code, 2, 'a job that throws is an error span');
    assert.equal(broken?.status?.message, 'broken on purpose');
  });
});
