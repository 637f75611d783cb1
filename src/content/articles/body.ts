import { invalid } from '../../platform/errors.ts';
import type { Block, Inline } from '../blocks.ts';
import { safeEmbedUrl, safeHref } from '../links.ts';

/**
 * Pure checks and facts about a body of blocks. The schema has already checked the shape;
 * these check what a schema cannot say (which links are safe) and extract what the database
 * indexes (plain text, the images and articles a body refers to).
 */

function checkInlines(runs: Inline[], field: string): Inline[] {
  return runs.map((run, i) => {
    if (run.href === undefined) return run;
    const href = safeHref(run.href);
    if (!href) throw invalid(`${field}[${i}].href`, `${field}[${i}].href must be an http(s) or mailto link, or a path on this site.`);
    return { ...run, href };
  });
}

/** Returns the body with links normalised, or throws naming the first unsafe one. */
export function checkBody(blocks: Block[], field = 'body'): Block[] {
  return blocks.map((block, i): Block => {
    const at = `${field}[${i}]`;
    switch (block.type) {
      case 'paragraph':
      case 'heading':
      case 'quote':
        return { ...block, content: checkInlines(block.content, `${at}.content`) };
      case 'list':
        return { ...block, items: block.items.map((item, j) => checkInlines(item, `${at}.items[${j}]`)) };
      case 'embed': {
        const url = safeEmbedUrl(block.url);
        if (!url) throw invalid(`${at}.url`, `${at}.url must be an https address.`);
        return { ...block, url };
      }
      default:
        return block;
    }
  });
}

const runsText = (runs: Inline[]) => runs.map((r) => r.text).join('');

/** Plain text of the body, one block a line: for search, word counts and summaries. */
export function bodyText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        lines.push(runsText(block.content));
        break;
      case 'quote':
        lines.push(runsText(block.content) + (block.attribution ? ` ${block.attribution}` : ''));
        break;
      case 'list':
        lines.push(...block.items.map(runsText));
        break;
      case 'pullquote':
        lines.push(block.text);
        break;
      case 'image':
        if (block.caption) lines.push(block.caption);
        break;
      default:
        break;
    }
  }
  return lines.join('\n');
}

export const wordCount = (text: string) => (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;

/** Images and articles the body points at, each with the field that names it. */
export function bodyReferences(blocks: Block[], field = 'body') {
  const images: { id: string; field: string }[] = [];
  const articles: { id: string; field: string }[] = [];
  blocks.forEach((block, i) => {
    if (block.type === 'image') images.push({ id: block.imageId.toLowerCase(), field: `${field}[${i}].imageId` });
    if (block.type === 'related') articles.push({ id: block.articleId.toLowerCase(), field: `${field}[${i}].articleId` });
  });
  return { images, articles };
}
