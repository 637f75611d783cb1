import type { Block, Inline } from '../../content/index.ts';

/** Blocks as one line of text each, labelled by kind: for the revision diff and the editor's conflict view. */
const inlineText = (content: Inline[]) => content.map((i) => (i.href ? `${i.text} <${i.href}>` : i.text)).join('');

export function describeBlock(block: Block): { label: string; text: string } {
  switch (block.type) {
    case 'paragraph':
      return { label: 'Paragraph', text: inlineText(block.content) };
    case 'heading':
      return { label: 'Heading', text: inlineText(block.content) };
    case 'quote':
      return { label: 'Quote', text: inlineText(block.content) + (block.attribution ? ` (${block.attribution})` : '') };
    case 'list':
      return { label: block.ordered ? 'Numbered list' : 'List', text: block.items.map((item) => `• ${inlineText(item)}`).join(' ') };
    case 'image':
      return { label: 'Image', text: [block.alt, block.caption, block.credit].filter(Boolean).join(' | ') || block.imageId };
    case 'embed':
      return { label: 'Embed', text: block.title ? `${block.title} <${block.url}>` : block.url };
    case 'related':
      return { label: 'Related story', text: block.articleId };
    case 'pullquote':
      return { label: 'Pull quote', text: block.text + (block.attribution ? ` (${block.attribution})` : '') };
    case 'divider':
      return { label: 'Divider', text: '' };
  }
}
