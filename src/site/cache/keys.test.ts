import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Placement } from '../../content/changes.ts';
import { keysToPurge } from './keys.ts';

const live: Placement = { id: 'a1', live: true, editions: ['uk'], sectionId: 's1', topicIds: ['t1'], authorIds: ['p1'] };
const sorted = (keys: Set<string> | null) => (keys ? [...keys].sort() : null);

test('an edit in place purges only the pages showing the article', () => {
  assert.deepEqual(sorted(keysToPurge({ kind: 'article', before: live, after: { ...live } })), ['article:a1']);
});

test('publishing purges the lists the article enters', () => {
  assert.deepEqual(sorted(keysToPurge({ kind: 'article', before: { ...live, live: false }, after: live })), [
    'article:a1',
    'list:all',
    'list:author:p1',
    'list:edition:uk',
    'list:section:s1',
    'list:topic:t1',
  ]);
});

test('moving an article purges the lists it leaves and the ones it enters', () => {
  const moved = { ...live, sectionId: 's2', topicIds: ['t2'] };
  const keys = keysToPurge({ kind: 'article', before: live, after: moved })!;
  for (const key of ['list:section:s1', 'list:section:s2', 'list:topic:t1', 'list:topic:t2']) assert.ok(keys.has(key), key);
});

test('unpublishing and deleting purge its lists; drafts touch nothing listed', () => {
  assert.ok(keysToPurge({ kind: 'article', before: live, after: { ...live, live: false } })!.has('list:edition:uk'));
  assert.ok(keysToPurge({ kind: 'article', before: live, after: null })!.has('list:all'));
  const draft = { ...live, live: false };
  assert.deepEqual(sorted(keysToPurge({ kind: 'article', before: null, after: draft })), ['article:a1']);
});

test('a change to names or pictures purges everything', () => {
  assert.equal(keysToPurge({ kind: 'everything' }), null);
});

test('a new comment purges only its article page', () => {
  assert.deepEqual(sorted(keysToPurge({ kind: 'comments', articleId: 'a1' })), ['comments:a1']);
});

test('a front change purges that front and every page showing a front not yet made', () => {
  assert.deepEqual(sorted(keysToPurge({ kind: 'front', frontId: 'f1' })), ['front:f1', 'front:unmade']);
});

test('a site page change purges that page and the sitemap listing every page', () => {
  assert.deepEqual(sorted(keysToPurge({ kind: 'page', pageId: 'p1' })), ['page:p1', 'pages:all']);
});

test('an image’s new formats purge the articles using it, never everything', () => {
  assert.deepEqual(sorted(keysToPurge({ kind: 'image', imageId: 'i1', articleIds: ['a1', 'a2'] })), ['article:a1', 'article:a2']);
  assert.deepEqual(sorted(keysToPurge({ kind: 'image', imageId: 'i1', articleIds: [] })), []);
});
