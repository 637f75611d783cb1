import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.ts';
import { pageNumber } from './query.ts';
import { parseSearch } from './search-query.ts';

const site = { nav: [{ slug: 'news' }, { slug: 'world' }], editions: [{ code: 'uk' }, { code: 'us' }] };
const badRequest = (error: unknown) => error instanceof AppError && error.code === 'bad_request';

describe('reader query strings', () => {
  it('reads a page number from 1 to 999, and 1 when there is none', () => {
    assert.equal(pageNumber(undefined), 1);
    assert.equal(pageNumber('7'), 7);
    assert.equal(pageNumber('999'), 999);
    for (const bad of ['0', '1000', '01', '-1', '2.5', '', 'x', ['1', '2']]) assert.throws(() => pageNumber(bad), badRequest, String(bad));
  });

  it('parses a search, trimmed, with its filters and page', () => {
    assert.deepEqual(parseSearch({ q: '  aid agencies ', section: 'news', edition: 'us', page: '2' }, site), {
      q: 'aid agencies',
      section: 'news',
      edition: 'us',
      page: 2,
    });
    assert.deepEqual(parseSearch({}, site), { q: '', section: '', edition: '', page: 1 });
  });

  it('ignores a repeated filter or page, but refuses a repeated search text', () => {
    assert.deepEqual(parseSearch({ q: 'aid', section: ['news', 'world'], edition: ['uk', 'us'], page: ['2', '3'] }, site), {
      q: 'aid',
      section: '',
      edition: '',
      page: 1,
    });
    assert.throws(() => parseSearch({ q: ['aid', 'agencies'] }, site), badRequest);
  });

  it('refuses a search too long, and a section or edition the site does not have', () => {
    assert.equal(parseSearch({ q: 'x'.repeat(200) }, site).q.length, 200);
    assert.throws(() => parseSearch({ q: 'x'.repeat(201) }, site), badRequest);
    assert.throws(() => parseSearch({ q: 'aid', section: 'sport' }, site), badRequest);
    assert.throws(() => parseSearch({ q: 'aid', edition: 'fr' }, site), badRequest);
    assert.throws(() => parseSearch({ q: 'aid', page: '0' }, site), badRequest);
  });
});
