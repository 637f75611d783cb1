import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertEntryAction, assertOpenFor, entryPermalink, pageCount, pageOf, pageRange } from './rules.ts';

describe('live blog pages', () => {
  it('keeps older pages fixed as the blog grows, the latest page holding one to two pages’ worth', () => {
    assert.equal(pageCount(0, 20), 1);
    assert.equal(pageCount(39, 20), 1);
    assert.equal(pageCount(40, 20), 2);
    assert.deepEqual(pageRange(1, 39, 20), { from: 1, to: 39 });
    assert.deepEqual(pageRange(1, 45, 20), { from: 1, to: 20 });
    assert.deepEqual(pageRange(2, 45, 20), { from: 21, to: 45 });
    // Page 1 holds the same positions at 45, 59 and 2,000 entries.
    for (const last of [45, 59, 2000]) assert.deepEqual(pageRange(1, last, 20), { from: 1, to: 20 });
    assert.deepEqual(pageRange(1, 0, 20), { from: 1, to: 1 });
  });

  it('finds the page an entry is on now', () => {
    assert.equal(pageOf(5, 30, 20), 1);
    assert.equal(pageOf(25, 30, 20), 1);
    assert.equal(pageOf(25, 45, 20), 2);
    assert.equal(pageOf(41, 45, 20), 2);
    assert.equal(pageOf(41, 60, 20), 3);
  });
});

describe('live entry actions', () => {
  it('refuses what a state does not allow, naming the state', () => {
    assert.doesNotThrow(() => assertEntryAction('draft', 'publish'));
    assert.throws(() => assertEntryAction('published', 'publish'), /is published, so it cannot be published/);
    assert.throws(() => assertEntryAction('deleted', 'save'), /has been deleted/);
    assert.throws(() => assertEntryAction('held', 'hold'), /waiting for an editor/);
  });

  it('takes no new entries on a closed blog but lets its entries be corrected', () => {
    assert.throws(
      () => assertOpenFor('closed', 'publish'),
      (error: Error & { code?: string }) => error.code === 'conflict' && /closed/.test(error.message),
    );
    assert.doesNotThrow(() => assertOpenFor('closed', 'save'));
    assert.doesNotThrow(() => assertOpenFor('closed', 'delete'));
  });
});

describe('entry permalinks', () => {
  it('extends the blog’s address, a path in any edition or a full URL', () => {
    assert.equal(entryPermalink('/world/storm-live', 'e1'), '/world/storm-live/entry/e1');
    assert.equal(entryPermalink('/us/world/storm-live', 'e1'), '/us/world/storm-live/entry/e1');
    assert.equal(entryPermalink('https://news.example/world/storm-live', 'e1'), 'https://news.example/world/storm-live/entry/e1');
  });
});
