import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { regexFindings } from '../../../scripts/regex-lint.ts';
import { renderToString } from 'preact-render-to-string';
import { activeContent } from '../../../test/support/html.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { linksIn, parseComment, type CommentBlock } from './parse.ts';
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
      const visible = parseComment(payload)
        .flatMap((b) => b.lines.flat().map((r) => r.text))
        .join('');
      assert.equal(visible.replace(/\s/g, ''), payload.replace(/^>\s?/gm, '').replace(/\s/g, ''), payload);
    }
  });

  it("has no expression whose backtracking grows faster than the comment (the regex lint's verdict on this folder)", async () => {
    assert.deepEqual(await regexFindings(['src/comments/format']), []);
  });

  it('reads a 200,000-character comment built against trailing-space and trailing-punctuation trimming at once', async () => {
    const spaces = `x${' '.repeat(100_000)}x`;
    const dots = `https://example.org/${'.'.repeat(100_000)}x`;
    // Each line alone took seconds before (quadratic); now milliseconds. The bound is only so a regression ends.
    const blocks = await parseOnThread(`${spaces}\n${dots}\n${'!'.repeat(50_000)}   `, 5_000);
    assert.ok(blocks, 'still parsing after 5 seconds');
    assert.deepEqual(blocks, [{ kind: 'paragraph', lines: [[{ text: spaces }], [{ text: dots, href: dots }], [{ text: '!'.repeat(50_000) }]] }]);
    assert.deepEqual(parseComment('see https://example.org/a.b,).  \t\n'), [
      { kind: 'paragraph', lines: [[{ text: 'see ' }, { text: 'https://example.org/a.b', href: 'https://example.org/a.b' }, { text: ',).' }]] },
    ]);
  });
});

/** parseComment on a worker thread, so a runaway expression can be stopped: null when it is not done within `ms`. */
function parseOnThread(text: string, ms: number): Promise<CommentBlock[] | null> {
  const module = new URL('./parse.ts', import.meta.url).href;
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.module, workerData.module))
       .then(({ parseComment }) => parentPort.postMessage(parseComment(workerData.text)));`,
    { eval: true, workerData: { module, text, tsx: import.meta.resolve('tsx/esm/api') } },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(null)), ms);
    worker.once('message', (blocks: CommentBlock[]) => {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve(blocks));
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
