import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Container, FrontLayout } from './model.ts';
import { startingLayout } from './scopes.ts';
import { curatedStoryIds, layoutProblems, overrideImageIds } from './validation.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const IMG = '00000000-0000-4000-8000-0000000000f1';

const curated = (id: string, title: string, articleIds: string[], extra: Partial<Container> = {}): Container => ({
  id,
  title,
  layout: 'top',
  mode: 'curated',
  size: 8,
  cards: articleIds.map((articleId) => ({ articleId })),
  ...extra,
});

test('a starting layout and a sensible curated front have no problems', () => {
  assert.deepEqual(layoutProblems(startingLayout({ kind: 'edition', edition: 'uk' }, [{ id: A, name: 'News' }])), []);
  const front: FrontLayout = {
    containers: [curated('lead', 'Lead', [A], { layout: 'lead', size: 5 }), curated('more', 'More', [B], { fill: true, source: {} })],
  };
  assert.deepEqual(layoutProblems(front), []);
});

test('a story shown twice is refused, naming the story and both containers', () => {
  const problems = layoutProblems({ containers: [curated('lead', 'Lead', [A]), curated('more', 'More stories', [B, A])] });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, 'containers[1].cards[1].articleId');
  assert.match(problems[0]!.message, new RegExp(A));
  assert.match(problems[0]!.message, /“Lead”/);
  assert.match(problems[0]!.message, /“More stories”/);
  const twiceInOne = layoutProblems({ containers: [curated('lead', 'Lead', [A, A])] });
  assert.match(twiceInOne[0]!.message, /twice in “Lead”/);
});

test('sizes: cards beyond the size, a size beyond the layout, an automatic container with cards', () => {
  const tooMany = layoutProblems({ containers: [curated('row', 'Row', [A, B], { layout: 'row', size: 1 })] });
  assert.deepEqual(
    tooMany.map((p) => p.path),
    ['containers[0].cards'],
  );
  const bigSize = layoutProblems({ containers: [curated('breaking', 'Breaking', [], { layout: 'breaking', size: 4 })] });
  assert.deepEqual(
    bigSize.map((p) => p.path),
    ['containers[0].size'],
  );
  const automatic = layoutProblems({ containers: [curated('auto', 'Auto', [A], { mode: 'automatic' })] });
  assert.deepEqual(
    automatic.map((p) => p.path),
    ['containers[0].cards'],
  );
});

test('container ids are unique and the number of containers is limited', () => {
  const twins = layoutProblems({ containers: [curated('x', 'One', []), curated('x', 'Two', [])] });
  assert.deepEqual(
    twins.map((p) => p.path),
    ['containers[1].id'],
  );
  const many = layoutProblems({ containers: Array.from({ length: 25 }, (_, i) => curated(`c${i}`, `C${i}`, [])) });
  assert.equal(many[0]!.path, 'containers');
});

test('override texts are counted in characters as readers see them', () => {
  const long = layoutProblems({
    containers: [curated('lead', 'Lead', [A], { cards: [{ articleId: A, overrides: { headline: 'x'.repeat(201), kicker: '👩‍👩‍👧'.repeat(60) } }] })],
  });
  assert.deepEqual(
    long.map((p) => p.path),
    ['containers[0].cards[0].overrides.headline'],
  );
});

test('the stories and pictures a front names, once each', () => {
  const front: FrontLayout = {
    containers: [
      curated('a', 'A', [], { cards: [{ articleId: A, overrides: { imageId: IMG } }] }),
      curated('b', 'B', [], { cards: [{ articleId: B, overrides: { imageId: IMG } }] }),
    ],
  };
  assert.deepEqual(curatedStoryIds(front), [A, B]);
  assert.deepEqual(overrideImageIds(front), [IMG]);
});
