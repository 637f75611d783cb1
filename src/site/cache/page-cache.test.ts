import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { etagOf, headFor, matchesEtag, PageCache, type CachedPage } from './page-cache.ts';

const page = (text: string, keys: string[]): CachedPage => {
  const body = Buffer.from(text);
  return { status: 200, body, type: 'text/html', etag: etagOf(body), keys, headers: { etag: etagOf(body) } };
};

test('purging a key drops exactly the pages tagged with it', () => {
  const cache = new PageCache(1024 * 1024);
  cache.set('/a', page('a', ['article:1', 'list:all']), cache.ticket());
  cache.set('/b', page('b', ['article:2']), cache.ticket());
  cache.alias('/a?utm=x', '/a');
  assert.equal(cache.purge(['article:1']), 1);
  assert.equal(cache.get('/a'), undefined);
  assert.equal(cache.forRequest('/a?utm=x'), undefined, 'an alias never outlives its page');
  assert.ok(cache.get('/b'));
  assert.equal(cache.purge(null), 1);
  assert.equal(cache.get('/b'), undefined);
});

test('a render that began before a purge is not stored', () => {
  const cache = new PageCache(1024 * 1024);
  const ticket = cache.ticket();
  cache.purge(['article:1']);
  cache.set('/stale', page('old', ['article:1']), ticket);
  assert.equal(cache.get('/stale'), undefined);
});

test('the cache stays within its byte budget', () => {
  const cache = new PageCache(10_000);
  for (let i = 0; i < 20; i++) cache.set(`/${i}`, page('x'.repeat(2_000), []), cache.ticket());
  const kept = Array.from({ length: 20 }, (_, i) => cache.get(`/${i}`)).filter(Boolean).length;
  assert.ok(kept > 0 && kept <= 4, `${kept} pages kept`);
  assert.ok(cache.get('/19'), 'the newest page is kept');
});

test('a size of zero switches the cache off', () => {
  const cache = new PageCache(0);
  cache.set('/a', page('a', []), cache.ticket());
  assert.equal(cache.get('/a'), undefined);
});

test('compresses once, in the encoding the client prefers', () => {
  const cache = new PageCache(1024 * 1024);
  const big = page('news '.repeat(1000), []);
  const br = cache.encoded(big, 'gzip, deflate, br');
  assert.equal(br.encoding, 'br');
  assert.equal(zlib.brotliDecompressSync(br.body).toString(), big.body.toString());
  assert.equal(cache.encoded(big, 'br').body, br.body, 'reused');
  assert.equal(cache.encoded(big, 'gzip').encoding, 'gzip');
  assert.equal(cache.encoded(big, undefined).encoding, undefined);
  assert.deepEqual(headFor(big, 'gzip', 10).slice(-4), ['content-length', '10', 'content-encoding', 'gzip']);
});

test('If-None-Match matching follows the header grammar and ignores garbage', () => {
  assert.equal(matchesEtag('"abc"', '"abc"'), true);
  assert.equal(matchesEtag('W/"abc"', '"abc"'), true);
  assert.equal(matchesEtag('"x", "abc"', '"abc"'), true);
  assert.equal(matchesEtag('*', '"abc"'), true);
  assert.equal(matchesEtag('abc', '"abc"'), false);
  assert.equal(matchesEtag(undefined, '"abc"'), false);
  assert.equal(matchesEtag('"abc"'.repeat(1000), '"abc"'), false);
});
