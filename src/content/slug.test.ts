import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstFreeSlug, isSlug, slugFrom } from './slug.ts';

test('slugs are readable and cut at a word boundary', () => {
  assert.equal(slugFrom('Leaders sign a joint statement at the summit', 'x'), 'leaders-sign-a-joint-statement-at-the-summit');
  assert.equal(slugFrom('Zürich’s “new” façade', 'x'), 'zuerichs-new-facade');
  const long = slugFrom('word '.repeat(60), 'x');
  assert.ok(long.length <= 80 && !long.endsWith('-') && isSlug(long));
});

test('text with nothing to transliterate falls back', () => {
  assert.equal(slugFrom('<<<>>>', 'article'), 'article');
  assert.equal(slugFrom('', 'article'), 'article');
});

test('the first free slug gets a number', () => {
  assert.equal(firstFreeSlug('a', new Set()), 'a');
  assert.equal(firstFreeSlug('a', new Set(['a', 'a-2'])), 'a-3');
});
