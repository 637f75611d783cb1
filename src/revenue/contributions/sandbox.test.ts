import assert from 'node:assert/strict';
import { test } from 'node:test';
import { monthsLater, renewalsDue } from './sandbox.ts';

test('months later keep the day where the month has it', () => {
  assert.equal(monthsLater(new Date('2026-01-31T10:00:00Z'), 1).toISOString(), '2026-02-28T10:00:00.000Z');
  assert.equal(monthsLater(new Date('2028-01-31T10:00:00Z'), 1).toISOString(), '2028-02-29T10:00:00.000Z');
  assert.equal(monthsLater(new Date('2026-11-27T12:00:00Z'), 2).toISOString(), '2027-01-27T12:00:00.000Z');
  assert.equal(monthsLater(new Date('2026-11-27T12:00:00Z'), 12).toISOString(), '2027-11-27T12:00:00.000Z');
});

test('the charges due are those of each month or year since it began, not yet made', () => {
  const since = new Date('2026-11-27T12:00:00Z');
  assert.deepEqual(renewalsDue(since, 'monthly', 1, new Date('2026-12-27T11:59:59Z')), []);
  assert.deepEqual(renewalsDue(since, 'monthly', 1, new Date('2026-12-27T12:00:00Z')), [2]);
  assert.deepEqual(renewalsDue(since, 'monthly', 1, new Date('2027-02-28T00:00:00Z')), [2, 3, 4]);
  assert.deepEqual(renewalsDue(since, 'monthly', 3, new Date('2027-02-28T00:00:00Z')), [4]);
  assert.deepEqual(renewalsDue(since, 'annual', 1, new Date('2027-11-26T00:00:00Z')), []);
  assert.deepEqual(renewalsDue(since, 'annual', 1, new Date('2027-11-27T12:00:00Z')), [2]);
  assert.deepEqual(renewalsDue(since, 'monthly', 0, since), [1], 'a first charge never made is due at once');
});
