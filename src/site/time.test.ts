import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockTime, dateline } from '../web/time.ts';

test('US datelines say EST in November and EDT in July', () => {
  assert.equal(dateline(new Date('2017-11-11T09:36:00Z'), 'en-US', 'America/New_York'), 'Sat 11 Nov 2017 04:36 EST');
  assert.equal(dateline(new Date('2026-07-15T09:36:00Z'), 'en-US', 'America/New_York'), 'Wed 15 Jul 2026 05:36 EDT');
});

test('UK datelines say GMT in winter and BST in summer', () => {
  assert.equal(dateline(new Date('2017-11-11T09:36:00Z'), 'en-GB', 'Europe/London'), 'Sat 11 Nov 2017 09:36 GMT');
  assert.equal(dateline(new Date('2026-07-15T09:36:00Z'), 'en-GB', 'Europe/London'), 'Wed 15 Jul 2026 10:36 BST');
});

test('the zone changes on the night the clocks change', () => {
  // US clocks go back at 02:00 EDT on 1 November 2026 (06:00 UTC).
  assert.match(dateline(new Date('2026-11-01T05:59:00Z'), 'en-US', 'America/New_York'), /EDT$/);
  assert.match(dateline(new Date('2026-11-01T06:01:00Z'), 'en-US', 'America/New_York'), /EST$/);
});

test('live entries show their clock time with the zone of that moment', () => {
  // UK clocks go forward at 01:00 GMT on 29 March 2026.
  assert.equal(clockTime(new Date('2026-03-29T00:59:00Z'), 'en-GB', 'Europe/London'), '00:59 GMT');
  assert.equal(clockTime(new Date('2026-03-29T01:01:00Z'), 'en-GB', 'Europe/London'), '02:01 BST');
});
