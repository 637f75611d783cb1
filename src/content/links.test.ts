import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeEmbedUrl, safeHref } from './links.ts';

test('keeps ordinary destinations', () => {
  assert.equal(safeHref('https://example.org/a?b=1#c'), 'https://example.org/a?b=1#c');
  assert.equal(safeHref('http://example.org'), 'http://example.org/');
  assert.equal(safeHref('/world/some-story'), '/world/some-story');
  assert.equal(safeHref('#section-2'), '#section-2');
  assert.equal(safeHref('mailto:desk@example.org'), 'mailto:desk@example.org');
});

test('refuses script and data URLs however they are disguised', () => {
  for (const href of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\u0000script:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    '//evil.example/path',
    '\\\\evil.example',
    'https://',
    '',
  ]) {
    assert.equal(safeHref(href), null, href);
  }
});

test('embeds must be https', () => {
  assert.equal(safeEmbedUrl('http://video.example/1'), null);
  assert.equal(safeEmbedUrl('https://video.example/1'), 'https://video.example/1');
  assert.equal(safeEmbedUrl('/local'), null);
});
