import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { articleKey, commentsKey, frontKey, listKey } from './keys.ts';
import { pageHeaders, surrogateHeader } from './page-headers.ts';

test('an 80-card front keeps its own key, its lists and every story within 4,000 characters; comment counts are the keys cut', () => {
  const stories = Array.from({ length: 80 }, () => randomUUID());
  const scopes = [frontKey(randomUUID()), listKey('edition', 'uk'), listKey('section', randomUUID())];
  // In the order a front gives them: scopes, then each card's story and comment count side by side.
  const keys = [...scopes, ...stories.flatMap((id) => [articleKey(id), commentsKey(id)])];
  const header = surrogateHeader(keys);
  assert.ok(header.length <= 4000, `${header.length} characters`);
  const sent = new Set(header.split(' '));
  for (const key of [...scopes, ...stories.map(articleKey)]) assert.ok(sent.has(key), key);
  assert.ok(!stories.every((id) => sent.has(commentsKey(id))), 'not every comment key fits: they are the ones left out');
});

test('the header goes out only when a cache in front reads it', () => {
  const keys = [articleKey('a')];
  assert.equal(pageHeaders({}, true)(200, 'text/html', '"e"', keys)['surrogate-key'], 'article:a');
  assert.equal(pageHeaders({}, false)(200, 'text/html', '"e"', keys)['surrogate-key'], undefined);
  assert.equal(pageHeaders({}, true)(200, 'text/html', '"e"', [])['surrogate-key'], undefined);
});

test('pages name their keys in Cache-Tag too when Cloudflare purges by tag', () => {
  const keys = [articleKey('a'), listKey('edition', 'uk')];
  assert.equal(pageHeaders({}, true, true)(200, 'text/html', '"e"', keys)['cache-tag'], 'list:edition:uk,article:a');
  assert.equal(pageHeaders({}, true)(200, 'text/html', '"e"', keys)['cache-tag'], undefined);
});
