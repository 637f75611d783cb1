import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import type { Block, Inline } from '../blocks.ts';
import { safeEmbedUrl, safeHref } from '../links.ts';
import { withoutTrailing } from '../../platform/text.ts';

/**
 * Converts HTML (from an import, a CMS export or Markdown) into body blocks. It is an
 * allow-list: only structure a block can hold survives. Scripts, styles, forms and media we
 * do not host are dropped with their content; event handlers, classes and styles are never
 * read; links that are not safe to follow keep their text and lose the link.
 */

interface Marks {
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

/** Elements dropped together with everything inside them. */
const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'object',
  'embed',
  'applet',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
  'img',
  'picture',
  'source',
  'track',
  'map',
  'frameset',
  'frame',
  'base',
  'dialog',
]);
const HEADINGS: Record<string, 2 | 3> = { h1: 2, h2: 2, h3: 3, h4: 3, h5: 3, h6: 3 };
const BLOCK_CONTAINERS = new Set([
  'html',
  'body',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'figure',
  'center',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'dl',
  'dd',
  'dt',
  'details',
  'summary',
  'address',
  'pre',
  'figcaption',
]);

const isElement = (node: ChildNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style';

/** Collapses HTML whitespace the way a browser shows it, and merges runs with equal marks. */
function tidy(runs: Inline[]): Inline[] {
  const merged: Inline[] = [];
  for (const run of runs) {
    const text = run.text.replace(/[ \t\r\n\f]+/g, ' ');
    if (!text) continue;
    const last = merged[merged.length - 1];
    if (last && last.bold === run.bold && last.italic === run.italic && last.href === run.href) last.text += text;
    else merged.push({ ...run, text });
  }
  // Trim the paragraph's edges and the spaces around forced line breaks.
  for (const run of merged) run.text = run.text.replace(/ ?\n ?/g, '\n');
  if (merged[0]) merged[0].text = merged[0].text.replace(/^[ \n]+/, '');
  const last = merged[merged.length - 1];
  if (last) last.text = withoutTrailing(last.text, ' \n');
  return merged
    .filter((run) => run.text.length > 0)
    .map((run) => {
      const clean: Inline = { text: run.text };
      if (run.bold) clean.bold = true;
      if (run.italic) clean.italic = true;
      if (run.href) clean.href = run.href;
      return clean;
    });
}

function inlines(nodes: ChildNode[], marks: Marks, out: Inline[] = []): Inline[] {
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push({ text: node.data, ...marks });
      continue;
    }
    if (!isElement(node)) continue;
    const name = node.name.toLowerCase();
    if (DROP.has(name) || name === 'iframe') continue;
    if (name === 'br') {
      out.push({ text: '\n', ...marks });
      continue;
    }
    const next: Marks = { ...marks };
    if (name === 'b' || name === 'strong') next.bold = true;
    if (name === 'i' || name === 'em' || name === 'cite') next.italic = true;
    if (name === 'a') {
      const href = node.attribs.href ? safeHref(node.attribs.href) : null;
      if (href) next.href = href;
      else delete next.href;
    }
    inlines(node.children, next, out);
  }
  return out;
}

const textOf = (nodes: ChildNode[]) =>
  tidy(inlines(nodes, {}))
    .map((r) => r.text)
    .join('');

function isBlockLevel(node: ChildNode): boolean {
  if (!isElement(node)) return false;
  const name = node.name.toLowerCase();
  return (
    name === 'p' ||
    name === 'blockquote' ||
    name === 'ul' ||
    name === 'ol' ||
    name === 'hr' ||
    name === 'iframe' ||
    name in HEADINGS ||
    BLOCK_CONTAINERS.has(name) ||
    DROP.has(name)
  );
}

function quote(node: Element): Block | null {
  // A <cite> or <footer> inside the quote names who said it.
  let attribution: string | undefined;
  const body: ChildNode[] = [];
  for (const child of node.children) {
    if (isElement(child) && (child.name === 'footer' || child.name === 'cite')) attribution = textOf(child.children).replace(/^[—–-]\s*/, '');
    else body.push(child);
  }
  const paragraphs = blocksFrom(body).filter((b): b is Extract<Block, { type: 'paragraph' }> => b.type === 'paragraph');
  // A last paragraph that opens with a dash ("— A minister") is the attribution, as writers set it.
  const last = paragraphs[paragraphs.length - 1];
  const lastText = last?.content.map((r) => r.text).join('') ?? '';
  if (!attribution && paragraphs.length > 1 && /^[—–-]\s*\S/.test(lastText)) {
    attribution = lastText.replace(/^[—–-]\s*/, '');
    paragraphs.pop();
  }
  const content = paragraphs.flatMap((p, i) => (i === 0 ? p.content : [{ text: '\n' }, ...p.content]));
  const merged = tidy(content);
  if (!merged.length) return null;
  return attribution ? { type: 'quote', content: merged, attribution } : { type: 'quote', content: merged };
}

function list(node: Element): Block | null {
  const items = node.children
    .filter((child): child is Element => isElement(child) && child.name === 'li')
    .map((li) => tidy(inlines(li.children, {})))
    .filter((item) => item.length > 0);
  return items.length ? { type: 'list', ordered: node.name === 'ol', items } : null;
}

function blocksFrom(nodes: ChildNode[]): Block[] {
  const blocks: Block[] = [];
  let pending: ChildNode[] = [];
  const flush = () => {
    const content = tidy(inlines(pending, {}));
    if (content.length) blocks.push({ type: 'paragraph', content });
    pending = [];
  };
  for (const node of nodes) {
    if (!isBlockLevel(node)) {
      pending.push(node);
      continue;
    }
    flush();
    const element = node as Element;
    const name = element.name.toLowerCase();
    if (DROP.has(name)) continue;
    if (name === 'p') {
      const content = tidy(inlines(element.children, {}));
      if (content.length) blocks.push({ type: 'paragraph', content });
    } else if (name in HEADINGS) {
      const content = tidy(inlines(element.children, {}));
      if (content.length) blocks.push({ type: 'heading', level: HEADINGS[name]!, content });
    } else if (name === 'blockquote') {
      const block = quote(element);
      if (block) blocks.push(block);
    } else if (name === 'ul' || name === 'ol') {
      const block = list(element);
      if (block) blocks.push(block);
    } else if (name === 'hr') {
      blocks.push({ type: 'divider' });
    } else if (name === 'iframe') {
      const url = element.attribs.src ? safeEmbedUrl(element.attribs.src) : null;
      const title = element.attribs.title?.trim();
      if (url) blocks.push(title ? { type: 'embed', url, title: title.slice(0, 300) } : { type: 'embed', url });
    } else {
      blocks.push(...blocksFrom(element.children));
    }
  }
  flush();
  return blocks;
}

export function htmlToBlocks(html: string): Block[] {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  return blocksFrom(document.children);
}
