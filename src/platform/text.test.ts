import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, graphemeCount, isBlank, isName, withoutTrailing } from './text.ts';

test('clip keeps short text and cuts long text at a character a reader counts, with an ellipsis', () => {
  assert.equal(clip('Floods in the north', 40), 'Floods in the north');
  assert.equal(clip('Floods in the north', 10), 'Floods in…');
  const family = '👨‍👩‍👧‍👦';
  const cut = clip(`${family.repeat(5)}`, 3);
  assert.equal(cut, `${family.repeat(2)}…`);
  assert.equal(graphemeCount(cut), 3);
});

test('withoutTrailing drops only the run of the given characters at the end', () => {
  assert.equal(withoutTrailing('1.2500', '0'), '1.25');
  assert.equal(withoutTrailing('https://example.org/a.b,).', '.,)'), 'https://example.org/a.b');
  assert.equal(withoutTrailing('----', '-'), '');
  assert.equal(withoutTrailing('', '-'), '');
  assert.equal(withoutTrailing('a - b', '-'), 'a - b');
  const long = `x${'.'.repeat(1_000_000)}y`;
  assert.equal(withoutTrailing(long, '.'), long);
});

test('a name of characters that show nothing alone (variation selectors, the grapheme joiner) is blank; an emoji they style is not', () => {
  for (const blank of ['\ufe0f', '\ufe0e\ufe0f', '\u{e0100}', '\u034f', ' \ufe0f ']) assert.equal(isName(blank), false, JSON.stringify(blank));
  for (const shown of ['❤️', '1️⃣', '☺︎ Ana']) assert.equal(isBlank(shown), false, shown);
});
