import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { activeContent } from '../../../test/support/html.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { linksIn, parseComment } from './parse.ts';
import { CommentText } from './render.tsx';

const html = (text: string) => renderToString(<CommentText blocks={parseComment(text)} />);

describe('comment formatting', () => {
  it('makes paragraphs from blank lines, keeps line breaks, quotes "> " lines', () => {
    assert.deepEqual(parseComment('First line\nsecond line\n\n> They said this\n> over two lines\nMy answer.'), [
      { kind: 'paragraph', lines: [[{ text: 'First line' }], [{ text: 'second line' }]] },
      { kind: 'quote', lines: [[{ text: 'They said this' }], [{ text: 'over two lines' }]] },
      { kind: 'paragraph', lines: [[{ text: 'My answer.' }]] },
    ]);
    assert.equal(html('a\n\n> b'), '<p>a</p><blockquote><p>b</p></blockquote>');
  });

  it('links http(s) addresses, leaving sentence punctuation out, and nothing else', () => {
    assert.deepEqual(parseComment('See https://example.org/report, then (http://example.com/a).')[0]!.lines[0], [
      { text: 'See ' },
      { text: 'https://example.org/report', href: 'https://example.org/report' },
      { text: ', then (' },
      { text: 'http://example.com/a', href: 'http://example.com/a' },
      { text: ').' },
    ]);
    assert.deepEqual(linksIn('javascript:alert(1) data:text/html,x ftp://x.example <a href="https://evil.example">'), ['https://evil.example/']);
    assert.match(html('go to https://example.org'), /<a href="https:\/\/example.org\/" rel="nofollow ugc noopener" target="_blank">https:\/\/example.org<\/a>/);
  });

  it('renders every XSS payload as text: nothing active, the text intact', () => {
    for (const payload of testdata.xss()) {
      const out = html(payload);
      assert.deepEqual(activeContent(`<div>${out}</div>`), [], payload);
      const visible = parseComment(payload).flatMap((b) => b.lines.flat().map((r) => r.text)).join('');
      assert.equal(visible.replace(/\s/g, ''), payload.replace(/^>\s?/gm, '').replace(/\s/g, ''), payload);
    }
  });
});
