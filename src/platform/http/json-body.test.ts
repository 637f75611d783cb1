import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findUnstorableText } from './json-body.ts';

describe('findUnstorableText', () => {
  it('names the first value no text column can store, in reading order', () => {
    const found = findUnstorableText({ title: 'fine', items: ['ok', 'bad\u0000one', '\ud800'], later: 'x\u0000' });
    assert.equal(found?.field, 'items[1]');
    assert.match(found?.message ?? '', /NUL/);
  });

  it('refuses a field name with a NUL, naming where it sits', () => {
    assert.equal(findUnstorableText({ outer: { 'a\u0000': 1 } })?.field, 'outer');
  });

  it('answers a body nested thousands of levels deep with a bad request, not a stack overflow', () => {
    const deep = JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`) as unknown;
    const found = findUnstorableText({ layout: deep });
    assert.equal(found?.code, 'bad_request');
    assert.match(found?.message ?? '', /nested more than 64 levels/);
  });

  it('passes ordinary bodies', () => {
    assert.equal(findUnstorableText({ a: [1, { b: 'text', c: null }], d: true }), null);
  });
});
