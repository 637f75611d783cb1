import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'preact-render-to-string';
import type { CardPicture, CardView } from '../../content/index.ts';
import type { FrontContainerView } from '../fronts/compose.ts';
import { candidatesUpTo, FrontContainers } from './containers.tsx';

const edition = { code: 'uk', name: 'UK', locale: 'en-GB', timeZone: 'Europe/London', url: '/uk' };
const widths = [360, 640, 960, 1280];
const picture = (type: CardPicture['type'], candidateWidths = widths): CardPicture => ({
  id: 'p1',
  width: 1600,
  height: 900,
  alt: 'A quay at dusk',
  focal: { x: 0.5, y: 0.5 },
  src: '/media/p1/960.jpg',
  candidates: candidateWidths.map((width) => ({ width, url: `/media/p1/${width}.${type.slice(6)}` })),
  type,
});
const card = (pic: CardPicture | null, boosted = false): FrontContainerView['cards'][number] => ({
  ...({
    id: 'a1',
    url: '/news/a1',
    headline: 'Ferries run late',
    trail: 'Fog on the estuary.',
    kicker: 'News',
    section: { slug: 'news', name: 'News', url: '/news' },
    picture: pic,
    writers: [],
    publishedAt: null,
    commentsEnabled: false,
    live: false,
  } satisfies CardView),
  boosted,
});
const render = (layout: FrontContainerView['layout'], cards: FrontContainerView['cards']) =>
  renderToString(<FrontContainers containers={[{ id: 'c', title: 'T', layout, cards }]} edition={edition} />);

test('a slot keeps the candidates up to its widest, and always the narrowest', () => {
  const candidates = picture('image/webp').candidates;
  assert.deepEqual(
    candidatesUpTo(candidates, 960).map((c) => c.width),
    [360, 640, 960],
  );
  assert.deepEqual(
    candidatesUpTo(candidates, 320).map((c) => c.width),
    [360],
  );
  assert.deepEqual(candidatesUpTo([], 960), []);
});

test('a modern format is a <source> with the slot’s widths; the JPEG stays the fallback', () => {
  const html = render('row', [card(picture('image/avif'))]);
  assert.match(
    html,
    /<source type="image\/avif" srcset="\/media\/p1\/360\.avif 360w, \/media\/p1\/640\.avif 640w, \/media\/p1\/960\.avif 960w" sizes="\(min-width: 48rem\) 18rem, 100vw"\/>/,
  );
  assert.match(html, /<img class="fx-10 fy-10" src="\/media\/p1\/960\.jpg" width="1600" height="900" alt="A quay at dusk" loading="lazy"\/>/);
});

test('a big card keeps widths up to 1280; a JPEG-only picture puts its srcset on the img', () => {
  assert.match(render('lead', [card(picture('image/webp'))]), /srcset="[^"]*1280\.webp 1280w"/);
  const html = render('row', [card(picture('image/jpeg'))]);
  assert.doesNotMatch(html, /<picture>/);
  assert.match(html, /<img class="fx-10 fy-10" src="\/media\/p1\/960\.jpg" srcset="[^"]*960\.jpeg 960w" sizes="\(min-width: 48rem\) 18rem, 100vw"/);
});

test('a picture without candidates is a plain img', () => {
  const html = render('row', [card(picture('image/webp', []))]);
  assert.doesNotMatch(html, /srcset|<picture>/);
  assert.match(html, /<div class="card__image"><img /);
});
