import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrontLayout } from '../browser.ts';
import {
  addContainer,
  addStory,
  boostCard,
  findStory,
  moveCard,
  moveContainer,
  newContainerId,
  removeCard,
  removeContainer,
  updateContainer,
} from './layout-ops.ts';

const title = (id: string) => `“${id}”`;
const front = (): FrontLayout => ({
  containers: [
    { id: 'lead', title: 'Lead', layout: 'lead', mode: 'curated', size: 2, cards: [{ articleId: 'a' }, { articleId: 'b' }] },
    { id: 'more', title: 'More', layout: 'row', mode: 'curated', size: 4, cards: [{ articleId: 'c' }] },
    { id: 'auto', title: 'Latest', layout: 'headlines', mode: 'automatic', size: 6, cards: [], source: { sectionId: 's1' } },
  ],
});
const ids = (layout: FrontLayout, c: number) => layout.containers[c]!.cards.map((x) => x.articleId);

test('cards move within a container and across, saying where they went', () => {
  const down = moveCard(front(), { container: 0, card: 0 }, 0, 1, title);
  assert.deepEqual(ids(down.layout, 0), ['b', 'a']);
  assert.equal(down.said, 'Moved “a” to position 2 of 2 in Lead.');
  const across = moveCard(front(), { container: 0, card: 1 }, 1, 0, title);
  assert.deepEqual(ids(across.layout, 0), ['a']);
  assert.deepEqual(ids(across.layout, 1), ['b', 'c']);
  assert.match(across.said, /position 1 of 2 in More/);
});

test('a moved card keeps its overrides and boost', () => {
  const layout = front();
  layout.containers[0]!.cards[0] = { articleId: 'a', boosted: true, overrides: { headline: 'Front headline' } };
  const moved = moveCard(layout, { container: 0, card: 0 }, 1, 1, title).layout;
  assert.deepEqual(moved.containers[1]!.cards[1], { articleId: 'a', boosted: true, overrides: { headline: 'Front headline' } });
});

test('adding to a full container grows it to its layout maximum, then lets the last story go', () => {
  const grown = addStory(front(), 'x', 0, 0, title);
  assert.deepEqual(ids(grown.layout, 0), ['x', 'a', 'b']);
  assert.equal(grown.layout.containers[0]!.size, 3);
  let layout = grown.layout;
  for (const id of ['y', 'z']) layout = addStory(layout, id, 0, 0, title).layout;
  const last = addStory(layout, 'w', 0, 0, title);
  assert.deepEqual(ids(last.layout, 0), ['w', 'z', 'y', 'x', 'a']);
  assert.match(last.said, /“b” no longer fits/);
});

test('adding to an automatic container makes it curated with fill, keeping its source', () => {
  const added = addStory(front(), 'x', 2, 0, title);
  const container = added.layout.containers[2]!;
  assert.equal(container.mode, 'curated');
  assert.equal(container.fill, true);
  assert.deepEqual(container.source, { sectionId: 's1' });
  assert.match(added.said, /now curated/);
});

test('a story already on the front moves instead of appearing twice', () => {
  const added = addStory(front(), 'c', 0, 0, title);
  assert.deepEqual(ids(added.layout, 0), ['c', 'a', 'b']);
  assert.deepEqual(ids(added.layout, 1), []);
  assert.deepEqual(findStory(added.layout, 'c'), { container: 0, card: 0 });
});

test('containers are added, moved and removed; sizes stay within the layout', () => {
  const id = newContainerId(front(), () => 0.5);
  const added = addContainer(front(), 0, id).layout;
  assert.equal(added.containers[0]!.id, id);
  const moved = moveContainer(added, 0, 3);
  assert.deepEqual(
    moved.layout.containers.map((c) => c.id),
    ['lead', 'more', 'auto', id],
  );
  assert.equal(moved.said, 'Moved the container New container to position 4 of 4.');
  assert.equal(removeContainer(moved.layout, 3).layout.containers.length, 3);
  assert.equal(updateContainer(front(), 1, { layout: 'breaking', size: 9 }).containers[1]!.size, 3);
  assert.deepEqual(updateContainer(front(), 0, { mode: 'automatic' }).containers[0]!.cards, []);
});

test('remove and boost say what they did and never leave undefined fields', () => {
  const removed = removeCard(front(), { container: 0, card: 1 }, title);
  assert.deepEqual(ids(removed.layout, 0), ['a']);
  assert.equal(removed.said, 'Removed “b” from Lead.');
  const boosted = boostCard(front(), { container: 0, card: 0 }, true, title).layout;
  assert.equal(boosted.containers[0]!.cards[0]!.boosted, true);
  const unboosted = boostCard(boosted, { container: 0, card: 0 }, false, title).layout;
  assert.deepEqual(Object.keys(unboosted.containers[0]!.cards[0]!), ['articleId']);
});
