import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterClose, afterContribution, afterRead, afterView, deviceOf, emptyMemory, reviveMemory } from './memory.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-11-27T12:00:00Z');

test('reads count once per article, for a year, at most 500', () => {
  let m = emptyMemory('browser-abc');
  m = afterRead(m, 'a1', now);
  m = afterRead(m, 'a1', now + 1000);
  m = afterRead(m, 'a2', now + 2000);
  assert.deepEqual(m.reads, [now, now + 2000]);
  const old = { ...emptyMemory('browser-abc'), reads: [now - 400 * DAY, now - 10 * DAY] };
  assert.deepEqual(afterRead(old, 'a3', now).reads, [now - 10 * DAY, now]);
  let many = emptyMemory('browser-abc');
  for (let i = 0; i < 600; i++) many = afterRead(many, `x${i}`, now + i);
  assert.equal(many.reads.length, 500);
});

test('views, closes and contributions are remembered', () => {
  let m = afterView(emptyMemory('browser-abc'), 't1', now);
  m = afterView(m, 't1', now + 1);
  m = afterClose(m, 't1', now + 2);
  m = afterContribution(m, now);
  assert.deepEqual(m.views, { t1: [now, now + 1] });
  assert.deepEqual(m.closed, { t1: now + 2 });
  assert.equal(m.supporterUntil, now + 365 * DAY);
});

test('whatever is in storage is read back safely', () => {
  for (const junk of [null, 'text', 42, [], { browserId: '<script>', reads: ['x', -1, 5], views: { t: 'no' }, closed: { t: 'never' } }]) {
    const m = reviveMemory(junk, () => 'fresh-browser-id');
    assert.equal(m.browserId, 'fresh-browser-id');
    assert.ok(m.reads.every((n) => typeof n === 'number' && n >= 0));
  }
  assert.equal(reviveMemory({ browserId: 'kept-browser-1' }, () => 'x').browserId, 'kept-browser-1');
  assert.deepEqual([deviceOf(375), deviceOf(800), deviceOf(1440)], ['mobile', 'tablet', 'desktop']);
});
