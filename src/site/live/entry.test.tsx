import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LiveEntryView } from '../../content/index.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { renderEntryHtml } from './entry.tsx';

const place = { locale: 'en-GB', timeZone: 'Europe/London', blogPath: '/politics/election-night' };
const entry = (over: Partial<LiveEntryView> = {}): LiveEntryView => ({
  id: 'e1',
  title: 'Polls close',
  body: [{ type: 'paragraph', content: [{ text: 'Counting starts.' }] }],
  bodyText: 'Counting starts.',
  keyEvent: false,
  pinned: false,
  position: 1,
  publishedAt: '2026-03-29T00:59:00.000Z',
  updatedAt: null,
  lastChange: 3,
  writers: [{ slug: 'ada', name: 'Ada Reporter', url: '/author/ada' }],
  ...over,
});

test('an entry renders its anchor, time in the edition zone, writers, body and permalink', () => {
  const html = renderEntryHtml(entry(), place);
  assert.match(html, /^<article id="entry-e1"/);
  assert.match(html, /<time datetime="2026-03-29T00:59:00.000Z">00:59 GMT<\/time>/);
  assert.match(html, /<a href="\/author\/ada" rel="author">Ada Reporter<\/a>/);
  assert.match(html, /<h2 class="live-entry__title">Polls close<\/h2>/);
  assert.match(html, /<p>Counting starts.<\/p>/);
  assert.match(html, /href="\/politics\/election-night\/entry\/e1">Link to this entry/);
  assert.doesNotMatch(html, /Key event|Pinned|Updated/);
});

test('marks key events, pins and edits; the zone follows the clock change', () => {
  const html = renderEntryHtml(entry({ keyEvent: true, pinned: true, publishedAt: '2026-03-29T01:01:00.000Z', updatedAt: '2026-03-29T01:30:00.000Z' }), place);
  assert.match(html, />02:01 BST</);
  assert.match(html, /Key event/);
  assert.match(html, /Pinned/);
  assert.match(html, /Updated <time datetime="2026-03-29T01:30:00.000Z">02:30 BST<\/time>/);
});

test('hostile titles and bodies render as text', () => {
  for (const payload of testdata.xss()) {
    const html = renderEntryHtml(entry({ title: payload, body: [{ type: 'paragraph', content: [{ text: payload }] }] }), place);
    assert.doesNotMatch(html, /<script|<img|<svg|<iframe/i, payload);
  }
});
