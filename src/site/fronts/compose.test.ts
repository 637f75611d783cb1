import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CardPicture, CardView } from '../../content/index.ts';
import type { Container, FrontLayout } from '../../fronts/index.ts';
import { compose, plan, storyKeys } from './compose.ts';

// Layouts name stories, pictures and sections by UUID; the tests use short names, mapped both ways.
const byName = new Map<string, string>();
const names = new Map<string, string>();
const U = (name: string) => {
  let id = byName.get(name);
  if (!id) {
    id = `00000000-0000-4000-8000-${String(byName.size + 1).padStart(12, '0')}`;
    byName.set(name, id);
    names.set(id, name);
  }
  return id;
};
const N = (text: string) => text.replace(/00000000-0000-4000-8000-\d{12}/g, (id) => names.get(id) ?? id);

const picture = (id: string): CardPicture => ({
  id,
  width: 1600,
  height: 900,
  alt: `alt ${id}`,
  focal: { x: 0.5, y: 0.5 },
  src: `/media/${id}/960.jpg`,
  candidates: [{ width: 640, url: `/media/${id}/640.webp` }],
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
  live: false,
});

const curated = (id: string, cards: Container['cards'], extra: Partial<Container> = {}): Container => ({
  id,
  title: id,
  layout: 'top',
  mode: 'curated',
  size: 4,
  cards: cards.map((card) => ({
    ...card,
    articleId: U(card.articleId),
    ...(card.overrides ? { overrides: { ...card.overrides, ...(card.overrides.imageId ? { imageId: U(card.overrides.imageId) } : {}) } } : {}),
  })),
  ...extra,
  ...(extra.source ? { source: mapSource(extra.source) } : {}),
});
function mapSource(source: NonNullable<Container['source']>): NonNullable<Container['source']> {
  return {
    ...source,
    ...(source.sectionId ? { sectionId: U(source.sectionId) } : {}),
    ...(source.topicId ? { topicId: U(source.topicId) } : {}),
    ...(source.authorId ? { authorId: U(source.authorId) } : {}),
  };
}
const automatic = (id: string, size: number, source: Container['source'] = {}): Container => ({
  id,
  title: id,
  layout: 'row',
  mode: 'automatic',
  size,
  cards: [],
  source: mapSource(source),
});
const subtree = (id: string) => [id, U(`${N(id)}-child`)];
const ids = (layout: ReturnType<typeof compose>) => layout.map((c) => [c.id, c.cards.map((card) => N(card.id))]);

function run(layout: FrontLayout, placed: string[], latest: string[][], images: CardPicture[] = []) {
  const p = plan(layout, subtree);
  return compose(layout, p, {
    placed: new Map(placed.map((id) => [U(id), story(U(id))])),
    latest: latest.map((list) => list.map((id) => story(U(id)))),
    images: new Map(images.map((i) => [U(i.id), { ...i, id: U(i.id) }])),
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
  assert.deepEqual(p.ids.map(N), ['s1', 's2']);
  assert.deepEqual(p.imageIds.map(N), ['i1']);
  assert.deepEqual(p.sourceOf, [0, 0, 1]);
  assert.deepEqual(p.sources[0]!.sectionIds!.map(N), ['sec', 'sec-child']);
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
  assert.equal(N(first!.id), 's2');
  assert.equal(first!.headline, '<b>Front headline</b>');
  assert.equal(N(first!.trail), 'Trail s2', 'an empty override shows the article’s own');
  assert.equal(first!.kicker, 'Live');
  assert.equal(N(first!.picture!.id), 'i9');
  assert.deepEqual(first!.picture!.focal, { x: 0.1, y: 0.9 });
  assert.equal(first!.boosted, true);
  assert.equal(N(second!.headline), 'Headline s1');
  assert.equal(second!.boosted, false);
});

test('a broken picture reference keeps the story’s own picture, with its own focal point', () => {
  const layout: FrontLayout = { containers: [curated('a', [{ articleId: 's1', overrides: { imageId: 'gone', focal: { x: 0.1, y: 0.9 } } }])] };
  const [card] = run(layout, ['s1'], [])[0]!.cards;
  assert.equal(N(card!.picture!.id), 'img-s1');
  assert.deepEqual(card!.picture!.focal, { x: 0.5, y: 0.5 }, 'the front’s focal point was chosen for the missing picture');
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

test('keys name every story shown and placed and the lists each source reads', () => {
  const layout: FrontLayout = {
    containers: [
      curated('a', [{ articleId: 'gone' }, { articleId: 's1' }, { articleId: 's3', overrides: { imageId: 'i9' } }]),
      automatic('b', 2, { sectionId: 'sec' }),
      automatic('c', 2, { authorId: 'au' }),
    ],
  };
  const p = plan(layout, subtree);
  const withFace = { ...story(U('s2')), writers: [{ name: 'W', url: 'https://x.example/w', face: picture('face-w') }] };
  const placed = new Map([U('s1'), U('s3')].map((id) => [id, story(id)]));
  const shown = compose(layout, p, { placed, latest: [[withFace], []], images: new Map([[U('i9'), picture(U('i9'))]]) });
  assert.deepEqual(storyKeys(p, shown, 'uk').map(N).sort(), [
    'article:gone',
    'article:s1',
    'article:s2',
    'article:s3',
    'list:author:au',
    'list:section:sec',
    'list:section:sec-child',
  ]);
  const edition = plan({ containers: [automatic('x', 2)] }, subtree);
  assert.deepEqual(storyKeys(edition, [], 'uk'), ['list:edition:uk']);
  assert.deepEqual(storyKeys(edition, [], null), ['list:all']);
});

test('references that cannot name anything are never read, and match nothing rather than everything', () => {
  const layout: FrontLayout = {
    containers: [
      { ...curated('a', []), cards: [{ articleId: "x'; drop table articles; --", overrides: { imageId: 'nope' } }] },
      { ...automatic('b', 2), source: { topicId: 'not-an-id' } },
      { ...automatic('c', 2), source: { sectionId: 'not-an-id' } },
    ],
  };
  const p = plan(layout, subtree);
  assert.deepEqual(p.ids, []);
  assert.deepEqual(p.imageIds, []);
  assert.equal(p.sources[0]!.topicId, '00000000-0000-0000-0000-000000000000');
  assert.deepEqual(p.sources[1]!.sectionIds, []);
});
