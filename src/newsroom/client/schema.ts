import { Schema, type DOMOutputSpec, type Mark, type NodeSpec } from 'prosemirror-model';
import { safeHref } from '../../content/browser.ts';

/**
 * The editor's document model, one node per body block type and nothing else: what cannot
 * be stored cannot be typed or pasted in. Parse rules decide what survives a paste from Word
 * or Google Docs: structure (paragraphs, headings, lists, quotes, bold, italic, links) stays,
 * styling (fonts, colours, sizes, classes) has nowhere to go.
 */

const atom = (spec: NodeSpec): NodeSpec => ({ group: 'block', atom: true, selectable: true, draggable: true, ...spec });

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    text: { group: 'inline' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }, { tag: 'div', priority: 0 }],
      toDOM: (): DOMOutputSpec => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      attrs: { level: { default: 2 } },
      defining: true,
      // The headline is the page's h1: pasted top-level headings become sub-headings.
      parseDOM: [
        { tag: 'h1', attrs: { level: 2 } },
        { tag: 'h2', attrs: { level: 2 } },
        { tag: 'h3', attrs: { level: 3 } },
        { tag: 'h4', attrs: { level: 3 } },
        { tag: 'h5', attrs: { level: 3 } },
        { tag: 'h6', attrs: { level: 3 } },
      ],
      toDOM: (node): DOMOutputSpec => [`h${node.attrs.level}`, 0],
    },
    quote: {
      group: 'block',
      content: 'inline*',
      attrs: { attribution: { default: '' } },
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: (): DOMOutputSpec => ['blockquote', 0],
    },
    pullquote: {
      group: 'block',
      content: 'text*',
      marks: '',
      attrs: { attribution: { default: '' } },
      defining: true,
      parseDOM: [{ tag: 'aside.pullquote', priority: 60 }],
      toDOM: (): DOMOutputSpec => ['aside', { class: 'pullquote' }, 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }],
      toDOM: (): DOMOutputSpec => ['ul', 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ol' }],
      toDOM: (): DOMOutputSpec => ['ol', 0],
    },
    // One paragraph per item: the content model has no nested lists.
    list_item: {
      content: 'paragraph',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: (): DOMOutputSpec => ['li', 0],
    },
    image: atom({
      // src and libraryAlt are for drawing the figure in the editor only; they are never stored.
      attrs: { imageId: {}, alt: { default: '' }, caption: { default: '' }, credit: { default: '' }, src: { default: '' }, libraryAlt: { default: '' } },
      toDOM: (node): DOMOutputSpec => ['figure', { 'data-image-id': node.attrs.imageId }],
    }),
    related: atom({
      attrs: { articleId: {}, headline: { default: '' } },
      toDOM: (node): DOMOutputSpec => ['div', { 'data-related': node.attrs.articleId }],
    }),
    embed: atom({
      attrs: { url: { default: '' }, title: { default: '' } },
      toDOM: (node): DOMOutputSpec => ['div', { 'data-embed': node.attrs.url }],
    }),
    divider: atom({
      parseDOM: [{ tag: 'hr' }],
      toDOM: (): DOMOutputSpec => ['hr'],
    }),
  },
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          // A pasted javascript: or data: link keeps its text and loses the link.
          getAttrs: (dom) => {
            const href = safeHref((dom as HTMLElement).getAttribute('href') ?? '');
            return href ? { href } : false;
          },
        },
      ],
      toDOM: (mark: Mark): DOMOutputSpec => ['a', { href: mark.attrs.href, rel: 'noopener noreferrer nofollow' }, 0],
    },
    bold: {
      parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
      toDOM: (): DOMOutputSpec => ['strong', 0],
    },
    italic: {
      parseDOM: [{ tag: 'em' }, { tag: 'i' }],
      toDOM: (): DOMOutputSpec => ['em', 0],
    },
  },
});
