import { safeHref } from '../../content/browser.ts';
import { withoutTrailing } from '../../platform/text.ts';

/**
 * A comment is plain text; this is the small, safe formatting readers get from it, decided
 * here and nowhere else: blank lines separate paragraphs, lines starting with "> " quote what
 * they answer, and http(s) addresses become links (marked nofollow when rendered). Nothing in
 * the text is ever markup: the result holds strings and URLs that passed `safeHref`, and the
 * renderer escapes every string. Pure.
 */
export type Run = { text: string } | { text: string; href: string };
export type CommentBlock = { kind: 'paragraph' | 'quote'; lines: Run[][] };

/** http(s) addresses up to whitespace; trailing punctuation belongs to the sentence. */
const URL = /\bhttps?:\/\/[^\s<>"']+/giu;
const SENTENCE_PUNCTUATION = '.,;:!?)]}\'"»”’';

export function linkify(line: string): Run[] {
  const runs: Run[] = [];
  let last = 0;
  for (const match of line.matchAll(URL)) {
    const start = match.index!;
    const raw = withoutTrailing(match[0], SENTENCE_PUNCTUATION);
    const href = safeHref(raw);
    if (!href || !/^https?:/i.test(href)) continue;
    if (start > last) runs.push({ text: line.slice(last, start) });
    runs.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < line.length) runs.push({ text: line.slice(last) });
  return runs.length ? runs : [{ text: line }];
}

export function parseComment(text: string): CommentBlock[] {
  const blocks: CommentBlock[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let current: CommentBlock | null = null;
  for (const raw of lines) {
    // trimEnd, not /\s+$/: that is tried from every space of a run, the square of its length.
    const line = raw.trimEnd();
    if (!line.trim()) {
      current = null;
      continue;
    }
    const quoted = /^>\s?/.test(line);
    const kind = quoted ? 'quote' : 'paragraph';
    const content = quoted ? line.replace(/^>\s?/, '') : line;
    if (!current || current.kind !== kind) {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    current.lines.push(linkify(content));
  }
  return blocks;
}

/** The links a comment would show, for the moderation pipeline's link phase. */
export const linksIn = (text: string) => parseComment(text).flatMap((b) => b.lines.flat().flatMap((run) => ('href' in run ? [run.href] : [])));
