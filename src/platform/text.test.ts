import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, graphemeCount } from './text.ts';

test('clip keeps short text and cuts long text at a character a reader counts, with an ellipsis', () => {
  assert.equal(clip('Floods in the north', 40), 'Floods in the north');
  assert.equal(clip('Floods in the north', 10), 'Floods in…');
  const family = '👨‍👩‍👧‍👦';
  const cut = clip(`${family.repeat(5)}`, 3);
  assert.equal(cut, `${family.repeat(2)}…`);
  assert.equal(graphemeCount(cut), 3);
});
