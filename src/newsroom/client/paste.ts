import { Parser } from 'htmlparser2';

/**
 * Pasted HTML, cleaned before the schema's parse rules see it. First re-tokenized with every
 * `style` attribute renamed `data-style` (so the page's CSP is never asked to apply, and report,
 * a pasted inline style), then parsed in an inert document (DOMParser: nothing loads or runs):
 * - what Word and Google Docs say with styles becomes tags: a heavy font-weight <strong>, an
 *   italic font-style <em>; Docs' whole-clipboard <b style="font-weight:normal"> wrapper goes;
 * - Word's list paragraphs (a hidden bullet or number marked `mso-list:Ignore` in front) become
 *   real lists;
 * - every style, class, comment and non-content element (Word's <style> and <xml>) is dropped.
 * The result is plain structural HTML: the schema keeps paragraphs, headings, lists, quotes,
 * bold, italic and safe links, and has no place for anything else.
 */
const isHeavy = (weight: string) => /^(bold|bolder|[6-9]\d\d)$/.test(weight.trim());
const styleOf = (el: Element) => el.getAttribute('data-style') ?? '';
const isWordListItem = (el: Element) => el.tagName === 'P' && (/^MsoListParagraph/.test(el.className) || /mso-list:\s*l\d/.test(styleOf(el)));

function unwrap(el: Element) {
  el.replaceWith(...el.childNodes);
}

function wrapChildren(doc: Document, el: Element, tag: string) {
  const wrapper = doc.createElement(tag);
  wrapper.append(...el.childNodes);
  el.append(wrapper);
}

function wordLists(doc: Document) {
  let list: HTMLElement | null = null;
  for (const p of [...doc.body.querySelectorAll('p')]) {
    if (!isWordListItem(p)) {
      list = null;
      continue;
    }
    const markers = [...p.querySelectorAll('span')].filter((s) => /mso-list:\s*Ignore/i.test(styleOf(s)));
    const marker = markers
      .map((m) => m.textContent ?? '')
      .join('')
      .trim();
    for (const m of markers) m.remove();
    const ordered = /^(\d+|[a-z]|[ivx]+)[.)]/i.test(marker);
    // A new list starts where the previous paragraph was not an item, or the kind changes.
    if (!list || (list.tagName === 'OL') !== ordered || list.nextElementSibling !== p) {
      list = doc.createElement(ordered ? 'ol' : 'ul');
      p.before(list);
    }
    const item = doc.createElement('li');
    item.append(...p.childNodes);
    p.remove();
    list.append(item);
  }
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (value: string) => escapeText(value).replace(/"/g, '&quot;');

/** The same markup, comments and declarations left out, with `style` attributes renamed. */
function withoutInlineStyles(html: string): string {
  let out = '';
  // Inside these nothing is content (Word's <style> and <xml> blocks, a stray <script>).
  let skipping = 0;
  const skip = new Set(['style', 'script', 'xml', 'title', 'head', 'template']);
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (skip.has(name) || skipping) return void (skipping += skip.has(name) ? 1 : 0);
        const attrs = Object.entries(attributes).map(([k, v]) => ` ${k === 'style' ? 'data-style' : k}="${escapeAttr(v)}"`);
        out += `<${name}${attrs.join('')}>`;
      },
      ontext(text) {
        if (!skipping) out += escapeText(text);
      },
      onclosetag(name) {
        if (skip.has(name)) skipping = Math.max(0, skipping - 1);
        else if (!skipping && !VOID.has(name)) out += `</${name}>`;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: false },
  );
  parser.write(html);
  parser.end();
  return out;
}

export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(withoutInlineStyles(html), 'text/html');
  for (const el of [...doc.body.querySelectorAll('meta, link')]) el.remove();

  wordLists(doc);
  for (const el of [...doc.body.querySelectorAll('[data-style]')]) {
    const style = styleOf(el);
    const fontWeight = /font-weight\s*:\s*([^;]+)/i.exec(style)?.[1] ?? '';
    if (el.tagName === 'B' && !isHeavy(fontWeight || 'bold')) {
      unwrap(el);
      continue;
    }
    const heavy = isHeavy(fontWeight) && !['B', 'STRONG', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6'].includes(el.tagName);
    const italic = /font-style\s*:\s*italic/i.test(style) && !['I', 'EM'].includes(el.tagName);
    if (heavy) wrapChildren(doc, el, 'strong');
    if (italic) wrapChildren(doc, el, 'em');
  }
  for (const el of [...doc.body.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) if (attr.name !== 'href') el.removeAttribute(attr.name);
  }
  return doc.body.innerHTML;
}
