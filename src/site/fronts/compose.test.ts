import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CardPicture, CardView } from '../../content/index.ts';
import type { Container, FrontLayout } from '../../fronts/index.ts';
import { compose, plan, storyKeys } from './compose.ts';

const picture = (id: string): CardPicture => ({
  id,
  width: 1600,
  height: 900,
  alt: `alt ${id}`,
  focal: { x: 0.5, y: 0.5 },
  src: `/media/${id}/960.jpg`,
  srcset: `/media/${id}/640.webp 640w`,
  type: 'image/webp',
});

const story = (id: string, withPicture = true): CardView => ({
  id,
  url: `https://x.example/news/${id}`,
  headline: `Headline ${id}`,
  trail: `Trail ${id}`,
  kicker: 'News',
  section: { slug: 'news', name: 'News', url: 'https://x.example/news' },
  picture: withPicture ? picture(`img-${id}`) : null,
  writers: [],
  publishedAt: '2026-01-01T00:00:00.000Z',
  commentsEnabled: true,
});

const curated = (id: string, cards: Container['cards'], extra: Partial<Container> = {}): Container => ({
  id,
  title: id,
  layout: 'top',
  mode: 'curated',
  size: 4,
  cards,
  ...extra,
});
const automatic = (id: string, size: number, source: Container['source'] = {}): Container => ({
  id,
  title: id,
  layout: 'row',
  mode: 'automatic',
  size,
  cards: [],
  source,
});
const subtree = (id: string) => [id, `${id}-child`];
const ids = (layout: ReturnType<typeof compose>) => layout.map((c) => [c.id, c.cards.map((card) => card.id)]);

function run(layout: FrontLayout, placed: string[], latest: string[][], images: CardPicture[] = []) {
  const p = plan(layout, subtree);
  return compose(layout, p, {
    placed: new Map(placed.map((id) => [id, story(id)])),
    latest: latest.map((list) => list.map((id) => story(id))),
    images: new Map(images.map((i) => [i.id, i])),
  });
}

test('plans one read: every curated story once, sources shared by equal filters, override pictures', () => {
  const layout: FrontLayout = {
    containers: [
      curated('a', [{ articleId: 's1', overrides: { imageId: 'i1' } }, { articleId: 's2' }], { fill: true, source: { sectionId: 'sec' } }),
      automatic('b', 4, { sectionId: 'sec' }),
      automatic('c', 4, { topicId: 't1', withPicture: true }),
    ],
  };
  const p = plan(layout, subtree);
  assert.deepEqual(p.ids, ['s1', 's2']);
  assert.deepEqual(p.imageIds, ['i1']);
  assert.deepEqual(p.sourceOf, [0, 0, 1]);
  assert.deepEqual(p.sources[0]!.sectionIds, ['sec', 'sec-child']);
  assert.equal(p.sources[1]!.withPicture, true);
  // Read enough to step over what is shown higher, within bounds.
  assert.equal(p.sources[0]!.limit, 10);
  assert.equal(p.sources[1]!.limit, 10);
});

test('curated cards in order with overrides; boosted; focal point moves the crop', () => {
  const layout: FrontLayout = {
    containers: [
      curated('a', [
        {
          articleId: 's2',
          boosted: true,
          overrides: { headline: '<b>Front headline</b>', trail: '', kicker: 'Live', imageId: 'i9', focal: { x: 0.1, y: 0.9 } },
        },
        { articleId: 's1' },
      ]),
    ],
  };
  const [container] = run(layout, ['s1', 's2'], [], [picture('i9')]);
  const [first, second] = container!.cards;
  assert.equal(first!.id, 's2');
  assert.equal(first!.headline, '<b>Front headline</b>');
  assert.equal(first!.trail, 'Trail s2', 'an empty override shows the article’s own');
  assert.equal(first!.kicker, 'Live');
  assert.equal(first!.picture!.id, 'i9');
  assert.deepEqual(first!.picture!.focal, { x: 0.1, y: 0.9 });
  assert.equal(first!.boosted, true);
  assert.equal(second!.headline, 'Headline s1');
  assert.equal(second!.boosted, false);
});

test('a broken picture reference keeps the story’s own picture', () => {
  const layout: FrontLayout = { containers: [curated('a', [{ articleId: 's1', overrides: { imageId: 'gone' } }])] };
  assert.equal(run(layout, ['s1'], [])[0]!.cards[0]!.picture!.id, 'img-s1');
});

test('an unpublished or missing story drops out; the fill takes its slot, skipping stories placed anywhere', () => {
  const layout: FrontLayout = {
    containers: [
      curated('a', [{ articleId: 'gone' }, { articleId: 's1' }], { size: 2, fill: true, source: {} }),
      curated('b', [{ articleId: 's3' }], { size: 1 }),
    ],
  };
  assert.deepEqual(ids(run(layout, ['s1', 's3'], [['s3', 's1', 's4', 's5']])), [
    ['a', ['s1', 's4']],
    ['b', ['s3']],
  ]);
});

test('without a fill the container closes up; an empty container is not shown', () => {
  const layout: FrontLayout = { containers: [curated('a', [{ articleId: 'gone' }]), curated('b', [{ articleId: 's1' }, { articleId: 'x' }])] };
  assert.deepEqual(ids(run(layout, ['s1'], [])), [['b', ['s1']]]);
});

test('automatic containers skip stories shown higher and stop at their size', () => {
  const layout: FrontLayout = { containers: [automatic('a', 2), automatic('b', 2), automatic('c', 3, { sectionId: 'x' })] };
  assert.deepEqual(
    ids(
      run(
        layout,
        [],
        [
          ['s1', 's2', 's3', 's4', 's5'],
          ['s2', 's4', 's6'],
        ],
      ),
    ),
    [
      ['a', ['s1', 's2']],
      ['b', ['s3', 's4']],
      ['c', ['s6']],
    ],
  );
});

test('a story placed twice shows once, where it is first placed', () => {
  const layout: FrontLayout = { containers: [curated('a', [{ articleId: 's1' }]), curated('b', [{ articleId: 's1' }, { articleId: 's2' }])] };
  assert.deepEqual(ids(run(layout, ['s1', 's2'], [])), [
    ['a', ['s1']],
    ['b', ['s2']],
  ]);
});

test('keys name every story shown and placed, and the lists each source reads', () => {
  const layout: FrontLayout = {
    containers: [curated('a', [{ articleId: 'gone' }, { articleId: 's1' }]), automatic('b', 2, { sectionId: 'sec' }), automatic('c', 2, { authorId: 'au' })],
  };
  const p = plan(layout, subtree);
  const shown = compose(layout, p, { placed: new Map([['s1', story('s1')]]), latest: [[story('s2')], []], images: new Map() });
  assert.deepEqual(storyKeys(p, shown, 'uk').sort(), [
    'article:gone',
    'article:s1',
    'article:s2',
    'list:author:au',
    'list:section:sec',
    'list:section:sec-child',
  ]);
  const edition = plan({ containers: [automatic('x', 2)] }, subtree);
  assert.deepEqual(storyKeys(edition, [], 'uk'), ['list:edition:uk']);
  assert.deepEqual(storyKeys(edition, [], null), ['list:all']);
});
