import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testdata } from '../../../test/support/testdata.ts';
import { prefixQuery } from './prefix-query.ts';

describe('search-as-you-type query', () => {
  it('matches the start of every word typed', () => {
    assert.equal(prefixQuery('Harb  ferr'), 'harb:* & ferr:*');
    assert.equal(prefixQuery('Zürich'), 'zürich:*');
  });

  it('lets no tsquery syntax through, and is null when nothing searchable is left', () => {
    assert.equal(prefixQuery("a' | !b & (c):*"), 'a:* & b:* & c:*');
    assert.equal(prefixQuery(' !&|() '), null);
    for (const payload of testdata.sqli()) {
      const query = prefixQuery(payload);
      assert.ok(query === null || /^[\p{L}\p{N}]+:\*( & [\p{L}\p{N}]+:\*)*$/u.test(query), query ?? '');
    }
  });
});
