import type { Mark, Node as PMNode } from 'prosemirror-model';
import type { Block, Inline } from '../../content/browser.ts';
import { schema } from './schema.ts';

/**
 * Between the stored body (typed blocks) and the editor's document. Pure and DOM-free, so the
 * round trip is tested in Node; what the editor cannot represent never reaches it.
 */

export interface References {
  images: Record<string, { src: string | null; alt: string }>;
  articles: Record<string, { headline: string }>;
}

const inlineNodes = (content: Inline[]) =>
  content.map((run) => {
    const marks: Mark[] = [];
    if (run.bold) marks.push(schema.marks.bold.create());
    if (run.italic) marks.push(schema.marks.italic.create());
    if (run.href) marks.push(schema.marks.link.create({ href: run.href }));
    return schema.text(run.text, marks);
  });

export function blocksToDoc(blocks: Block[], refs: References = { images: {}, articles: {} }): PMNode {
  const nodes = blocks.map((block): PMNode => {
    switch (block.type) {
      case 'paragraph':
        return schema.nodes.paragraph.create(null, inlineNodes(block.content));
      case 'heading':
        return schema.nodes.heading.create({ level: block.level }, inlineNodes(block.content));
      case 'quote':
        return schema.nodes.quote.create({ attribution: block.attribution ?? '' }, inlineNodes(block.content));
      case 'pullquote':
        return schema.nodes.pullquote.create({ attribution: block.attribution ?? '' }, block.text ? schema.text(block.text) : null);
      case 'list':
        return (block.ordered ? schema.nodes.ordered_list : schema.nodes.bullet_list).create(
          null,
          block.items.map((item) => schema.nodes.list_item.create(null, schema.nodes.paragraph.create(null, inlineNodes(item)))),
        );
      case 'image':
        return schema.nodes.image.create({
          imageId: block.imageId,
          alt: block.alt ?? '',
          caption: block.caption ?? '',
          credit: block.credit ?? '',
          src: refs.images[block.imageId]?.src ?? '',
          libraryAlt: refs.images[block.imageId]?.alt ?? '',
        });
      case 'related':
        return schema.nodes.related.create({ articleId: block.articleId, headline: refs.articles[block.articleId]?.headline ?? '' });
      case 'embed':
        return schema.nodes.embed.create({ url: block.url, title: block.title ?? '' });
      case 'divider':
        return schema.nodes.divider.create();
    }
  });
  return schema.nodes.doc.create(null, nodes.length ? nodes : [schema.nodes.paragraph.create()]);
}

function inlines(node: PMNode): Inline[] {
  const runs: Inline[] = [];
  node.forEach((child) => {
    if (!child.isText || !child.text) return;
    const run: Inline = { text: child.text };
    for (const mark of child.marks) {
      if (mark.type === schema.marks.bold) run.bold = true;
      if (mark.type === schema.marks.italic) run.italic = true;
      if (mark.type === schema.marks.link) run.href = mark.attrs.href as string;
    }
    const last = runs.at(-1);
    if (last && last.bold === run.bold && last.italic === run.italic && last.href === run.href) last.text += run.text;
    else runs.push(run);
  });
  return runs;
}

const optional = (key: string, value: string) => (value.trim() ? { [key]: value } : {});

/** The document as blocks; empty paragraphs, headings and quotes are left out (they are layout, not content). */
export function docToBlocks(doc: PMNode): Block[] {
  const blocks: Block[] = [];
  doc.forEach((node) => {
    switch (node.type.name) {
      case 'paragraph': {
        const content = inlines(node);
        if (content.length) blocks.push({ type: 'paragraph', content });
        break;
      }
      case 'heading': {
        const content = inlines(node);
        if (content.length) blocks.push({ type: 'heading', level: node.attrs.level === 3 ? 3 : 2, content });
        break;
      }
      case 'quote': {
        const content = inlines(node);
        if (content.length) blocks.push({ type: 'quote', content, ...optional('attribution', node.attrs.attribution) });
        break;
      }
      case 'pullquote':
        if (node.textContent) blocks.push({ type: 'pullquote', text: node.textContent, ...optional('attribution', node.attrs.attribution) });
        break;
      case 'bullet_list':
      case 'ordered_list': {
        const items: Inline[][] = [];
        node.forEach((item) => {
          const content = item.firstChild ? inlines(item.firstChild) : [];
          if (content.length) items.push(content);
        });
        if (items.length) blocks.push({ type: 'list', ordered: node.type.name === 'ordered_list', items });
        break;
      }
      case 'image':
        blocks.push({
          type: 'image',
          imageId: node.attrs.imageId,
          ...optional('alt', node.attrs.alt),
          ...optional('caption', node.attrs.caption),
          ...optional('credit', node.attrs.credit),
        });
        break;
      case 'related':
        blocks.push({ type: 'related', articleId: node.attrs.articleId });
        break;
      case 'embed':
        if (node.attrs.url.trim()) blocks.push({ type: 'embed', url: node.attrs.url.trim(), ...optional('title', node.attrs.title) });
        break;
      case 'divider':
        blocks.push({ type: 'divider' });
        break;
    }
  });
  return blocks;
}
