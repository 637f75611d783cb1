import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFirstPublicationNow, publicationTimes } from './rules.ts';

const now = new Date('2026-11-27T09:00:00Z');
const never = { firstPublishedAt: null, publishedAt: null };

test('a first publication now is news; a republication or a backdated import is not', () => {
  assert.equal(isFirstPublicationNow(never, publicationTimes(never, now), now), true);
  const before = { firstPublishedAt: new Date('2026-11-20T09:00:00Z'), publishedAt: new Date('2026-11-20T09:00:00Z') };
  assert.equal(isFirstPublicationNow(before, publicationTimes(before, now), now), false);
  assert.equal(isFirstPublicationNow(never, publicationTimes(never, now, new Date('2019-03-01T08:00:00Z')), now), false);
  // A scheduled publication run a few minutes late is still news; one run hours late is not.
  assert.equal(isFirstPublicationNow(never, publicationTimes(never, now, new Date('2026-11-27T08:55:00Z')), now), true);
  assert.equal(isFirstPublicationNow(never, publicationTimes(never, now, new Date('2026-11-27T07:30:00Z')), now), false);
});
