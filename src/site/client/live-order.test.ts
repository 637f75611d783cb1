import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EntryChanges } from './live-order.ts';

describe('a live blog page’s stream: which updates are news', () => {
  it('ignores what the page was rendered with', () => {
    const changes = new EntryChanges(10);
    assert.equal(changes.accept({ id: 'a', change: 9, status: 'published' }), false);
    assert.equal(changes.accept({ id: 'a', change: 10, status: 'published' }), false);
    assert.equal(changes.accept({ id: 'a', change: 11, status: 'published' }), true);
  });

  it('drops an older change to an entry that arrives after a newer one, and a repeat', () => {
    const changes = new EntryChanges(0);
    assert.equal(changes.accept({ id: 'a', change: 5, status: 'published' }), true);
    assert.equal(changes.accept({ id: 'a', change: 3, status: 'published' }), false);
    assert.equal(changes.accept({ id: 'a', change: 5, status: 'published' }), false);
    assert.equal(changes.accept({ id: 'b', change: 4, status: 'published' }), true, 'each entry has its own order');
  });

  it('keeps a deleted entry deleted, whatever arrives after', () => {
    const changes = new EntryChanges(0);
    assert.equal(changes.accept({ id: 'a', change: 7, status: 'deleted' }), true);
    assert.equal(changes.accept({ id: 'a', change: 6, status: 'published' }), false);
    assert.equal(changes.accept({ id: 'a', change: 8, status: 'published' }), false);
  });
});
