import MarkdownIt from 'markdown-it';
import type { Block } from '../blocks.ts';
import { htmlToBlocks } from './html-to-blocks.ts';

// Raw HTML in Markdown is shown as the text it is, never passed through.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export function markdownToBlocks(source: string): Block[] {
  return htmlToBlocks(markdown.render(source));
}
