import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block } from '../../content/blocks.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { blocksToDoc, docToBlocks } from './convert.ts';

const ID = '0b1e3c5a-4d6f-4a8b-9c0d-1e2f3a4b5c6d';

describe('editor document <-> body blocks', () => {
  it('round-trips every block type exactly', () => {
    const body: Block[] = [
      {
        type: 'paragraph',
        content: [{ text: 'Plain, ' }, { text: 'bold', bold: true }, { text: ' and ' }, { text: 'a link', italic: true, href: 'https://example.org/' }],
      },
      { type: 'heading', level: 2, content: [{ text: 'What happened' }] },
      { type: 'heading', level: 3, content: [{ text: 'In detail' }] },
      { type: 'quote', content: [{ text: 'We will rebuild it.' }], attribution: 'The mayor' },
      { type: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two', bold: true }]] },
      { type: 'list', ordered: true, items: [[{ text: 'first' }]] },
      { type: 'image', imageId: ID, alt: 'A bridge at dusk', caption: 'The old bridge', credit: 'Staff' },
      { type: 'image', imageId: ID },
      { type: 'related', articleId: ID },
      { type: 'pullquote', text: 'It was never about the money.', attribution: 'A resident' },
      { type: 'embed', url: 'https://video.example/clip', title: 'The vote' },
      { type: 'divider' },
    ];
    assert.deepEqual(docToBlocks(blocksToDoc(body)), body);
  });

  it('leaves empty blocks out and gives an empty body one empty paragraph to type in', () => {
    const doc = blocksToDoc([]);
    assert.equal(doc.childCount, 1);
    assert.deepEqual(docToBlocks(doc), []);
  });

  it('keeps hostile and odd text exactly as typed', () => {
    const payloads = [...testdata.xss(), ...testdata.unicode().map((c) => c.value!)].filter((s) => s.length > 0);
    const body: Block[] = payloads.map((text) => ({ type: 'paragraph', content: [{ text }] }));
    assert.deepEqual(docToBlocks(blocksToDoc(body)), body);
  });
});
