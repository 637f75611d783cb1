import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerMatches } from './access.ts';
import { Metrics } from './metrics.ts';

describe('the metrics facade', () => {
  it('counts under one name wherever the metric is defined', async () => {
    const metrics = new Metrics();
    const spec = { name: 'masthead_test_things_total', help: 'Things.', labels: ['kind'] };
    metrics.counter(spec).inc({ kind: 'a' });
    metrics.counter(spec).inc({ kind: 'a' }, 2);
    assert.match((await metrics.exposition()).body, /masthead_test_things_total\{kind="a"\} 3/);
  });

  it('reads gauges afresh at each scrape: a series no longer set disappears', async () => {
    const metrics = new Metrics();
    let queues: Record<string, number> = { mail: 2, images: 1 };
    metrics.gauge({ name: 'masthead_test_depth', help: 'Depth.', labels: ['name'] }, (set) => {
      for (const [name, depth] of Object.entries(queues)) set({ name }, depth);
    });
    assert.match((await metrics.exposition()).body, /masthead_test_depth\{name="images"\} 1/);
    queues = { mail: 5 };
    const { body, contentType } = await metrics.exposition();
    assert.match(body, /masthead_test_depth\{name="mail"\} 5/);
    assert.doesNotMatch(body, /images/);
    assert.match(contentType, /^text\/plain/);
  });

  it('keeps each app’s counts apart, and adds the process metrics only when asked', async () => {
    const [a, b] = [new Metrics(), new Metrics({ process: true })];
    a.counter({ name: 'masthead_test_apart_total', help: 'Apart.' }).inc();
    assert.doesNotMatch((await b.exposition()).body, /masthead_test_apart_total/);
    assert.doesNotMatch((await a.exposition()).body, /process_cpu/);
    assert.match((await b.exposition()).body, /process_cpu_user_seconds_total/);
  });
});

describe('the metrics token', () => {
  const token = 'the-metrics-token-0123456789';
  it('opens with exactly it, as a bearer token', () => {
    assert.equal(bearerMatches(`Bearer ${token}`, token), true);
    assert.equal(bearerMatches(`bearer ${token}`, token), true);
    for (const header of [undefined, '', token, `Bearer ${token}0`, `Bearer ${token.slice(1)}`, 'Bearer ', `Basic ${token}`])
      assert.equal(bearerMatches(header, token), false, String(header));
  });
});
