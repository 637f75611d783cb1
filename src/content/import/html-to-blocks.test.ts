import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { htmlToBlocks } from './html-to-blocks.ts';
import { markdownToBlocks } from './markdown-to-blocks.ts';
import { testdata } from '../../../test/support/testdata.ts';

test('paragraphs keep bold, italic and safe links', () => {
  assert.deepEqual(htmlToBlocks('<p>The <b>summit</b> ended <em>late</em>, see <a href="https://example.org/x">the text</a>.</p>'), [
    {
      type: 'paragraph',
      content: [
        { text: 'The ' },
        { text: 'summit', bold: true },
        { text: ' ended ' },
        { text: 'late', italic: true },
        { text: ', see ' },
        { text: 'the text', href: 'https://example.org/x' },
        { text: '.' },
      ],
    },
  ]);
});

test('every kind of block is recognised', () => {
  const blocks = htmlToBlocks(`
    <h1>Top</h1><h3>Sub</h3>
    <blockquote><p>We will meet again.</p><footer>— A minister</footer></blockquote>
    <ul><li>one</li><li><b>two</b></li></ul><ol><li>first</li></ol>
    <hr><iframe src="https://video.example/embed/1" title="Clip"></iframe>
    <div>loose text in a div</div>`);
  assert.deepEqual(blocks, [
    { type: 'heading', level: 2, content: [{ text: 'Top' }] },
    { type: 'heading', level: 3, content: [{ text: 'Sub' }] },
    { type: 'quote', content: [{ text: 'We will meet again.' }], attribution: 'A minister' },
    { type: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two', bold: true }]] },
    { type: 'list', ordered: true, items: [[{ text: 'first' }]] },
    { type: 'divider' },
    { type: 'embed', url: 'https://video.example/embed/1', title: 'Clip' },
    { type: 'paragraph', content: [{ text: 'loose text in a div' }] },
  ]);
});

test('a closing dash line in a quote is its attribution', () => {
  assert.deepEqual(htmlToBlocks('<blockquote><p>We will meet again.</p><p>— A minister, after the talks</p></blockquote>'), [
    { type: 'quote', content: [{ text: 'We will meet again.' }], attribution: 'A minister, after the talks' },
  ]);
});

test('scripts, styles, handlers and unsafe links are dropped', () => {
  const blocks = htmlToBlocks(
    '<p onclick="alert(1)" style="color:red">Hi<script>alert(1)</script><style>p{}</style> ' +
      '<a href="javascript:alert(1)">there</a><img src=x onerror=alert(1)></p><iframe src="javascript:alert(1)"></iframe>',
  );
  assert.deepEqual(blocks, [{ type: 'paragraph', content: [{ text: 'Hi there' }] }]);
});

test('no payload from the XSS corpus survives as markup or a script link', () => {
  for (const payload of testdata.xss()) {
    const json = JSON.stringify(htmlToBlocks(payload));
    assert.ok(!/"href":"\s*(javascript|data|vbscript):/i.test(json), payload);
    for (const block of htmlToBlocks(payload)) {
      assert.ok(['paragraph', 'heading', 'quote', 'list', 'divider', 'embed'].includes(block.type), payload);
      if (block.type === 'embed') assert.match(block.url, /^https:\/\//);
    }
  }
});

test('markdown converts, and raw HTML in it stays text', () => {
  assert.deepEqual(markdownToBlocks('## Heading\n\nSome **bold** and <script>x()</script>\n\n> quoted\n\n- a\n- b'), [
    { type: 'heading', level: 2, content: [{ text: 'Heading' }] },
    { type: 'paragraph', content: [{ text: 'Some ' }, { text: 'bold', bold: true }, { text: ' and <script>x()</script>' }] },
    { type: 'quote', content: [{ text: 'quoted' }] },
    { type: 'list', ordered: false, items: [[{ text: 'a' }], [{ text: 'b' }]] },
  ]);
  assert.equal(fs.existsSync(new URL('./markdown-to-blocks.ts', import.meta.url)), true);
});
