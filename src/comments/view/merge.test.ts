import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Presented, PresentedComment } from '../present.ts';
import { mergeComment } from './merge.ts';

let n = 0;
const comment = (over: Partial<PresentedComment> = {}): PresentedComment => ({
  id: `c${++n}`,
  parentId: null,
  depth: 0,
  status: 'published',
  body: `comment ${n}`,
  author: { id: 'u1', name: 'Ana', staff: false, byline: false },
  createdAt: '2026-11-27T10:00:00.000Z',
  edited: false,
  recommendCount: 0,
  replyCount: 0,
  ...over,
});
const thread = (c: PresentedComment, replies: Presented[] = []): Presented => ({ ...c, replies, moreBelow: false });

test('a new top-level comment goes first and counts one more', () => {
  const old = thread(comment());
  const fresh = comment();
  const merged = mergeComment([old], fresh);
  assert.deepEqual(
    merged.threads.map((t) => t.id),
    [fresh.id, old.id],
  );
  assert.equal(merged.delta, 1);
});

test('a reply goes under its parent, deep ones only mark the parent', () => {
  const top = comment();
  const deep = comment({ parentId: top.id, depth: 4 });
  const list = [thread(top, [thread(deep)])];
  const reply = comment({ parentId: top.id, depth: 1 });
  const merged = mergeComment(list, reply);
  assert.deepEqual(
    merged.threads[0]!.replies.map((r) => r.id),
    [deep.id, reply.id],
  );
  assert.equal(merged.threads[0]!.replyCount, 1);
  const below = mergeComment(list, comment({ parentId: deep.id, depth: 5 }));
  assert.equal(below.threads[0]!.replies[0]!.moreBelow, true);
  assert.deepEqual(below.threads[0]!.replies[0]!.replies, []);
  assert.equal(below.delta, 1);
});

test('a shown comment is updated in place with its replies; seen twice it is not counted twice', () => {
  const top = comment();
  const reply = comment({ parentId: top.id, depth: 1 });
  const list = [thread(top, [thread(reply)])];
  const edited = mergeComment(list, { ...top, body: 'changed', edited: true });
  assert.equal(edited.threads[0]!.body, 'changed');
  assert.equal(edited.threads[0]!.replies[0]!.id, reply.id);
  assert.equal(edited.delta, 0);
  assert.equal(mergeComment(list, top).delta, 0);
});

test('a deleted comment stays as a tombstone, a withheld one goes; both count one fewer', () => {
  const top = comment();
  const list = [thread(top)];
  const deleted = mergeComment(list, { ...top, status: 'deleted', body: '', author: null });
  assert.equal(deleted.threads[0]!.status, 'deleted');
  assert.equal(deleted.delta, -1);
  const removed = mergeComment(list, { ...top, status: 'withheld', body: '', author: null });
  assert.deepEqual(removed.threads, []);
  assert.equal(removed.delta, -1);
});

test('a withheld comment with replies stays as a marker with no text, its replies in place', () => {
  const top = comment();
  const reply = comment({ parentId: top.id, depth: 1 });
  const merged = mergeComment([thread({ ...top, replyCount: 1 }, [thread(reply)])], { ...top, status: 'withheld', body: '', author: null, replyCount: 1 });
  assert.deepEqual([merged.threads[0]!.status, merged.threads[0]!.body, merged.threads[0]!.author], ['withheld', '', null]);
  assert.equal(merged.threads[0]!.replies[0]!.id, reply.id);
  assert.equal(merged.delta, -1);
});

test('a held comment not on the page changes nothing', () => {
  const list = [thread(comment())];
  const merged = mergeComment(list, comment({ status: 'held' }));
  assert.equal(merged.threads, list);
  assert.equal(merged.delta, 0);
});
