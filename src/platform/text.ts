/**
 * What text fields accept. Text is stored exactly as sent, with three exceptions that are
 * refused with a clear message rather than silently changed:
 * - NUL and lone UTF-16 surrogates, which PostgreSQL and UTF-8 cannot hold (checked for every
 *   string of every request in http/json-body.ts);
 * - control characters (terminal escapes, backspaces, CR/LF in one-line fields, which become
 *   header or log injection the moment a name reaches an e-mail or a log line);
 * - in one-line fields, bidirectional overrides and invisible spacing characters, which make a
 *   name display as something it is not.
 * Joiners (emoji sequences, Persian), direction marks and soft hyphens are ordinary text.
 */

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const LINE_BREAKS = /[\n\r\u2028\u2029]/u;
const SPOOFING = /[\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064]/u;
/** Characters that show nothing: whitespace, format characters, Hangul fillers, braille blank, variation selectors and the combining grapheme joiner. */
// Variation selectors and the grapheme joiner sit in classes of their own: after another
// character in one class they would read as a combined character.
const INVISIBLE = /[\s\p{Cf}\u115f\u1160\u3164\uffa0\u2800]|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}]|\u034f/gu;

export const hasLoneSurrogate = (value: string) => !value.isWellFormed();
export const hasNul = (value: string) => value.includes('\u0000');

/** A value that renders as nothing, however many code points it has. */
export const isBlank = (value: string) => value.replace(INVISIBLE, '') === '';

/** One line of text (names, headlines); may be empty. */
export const isLine = (value: string) => !CONTROL.test(value) && !LINE_BREAKS.test(value) && !SPOOFING.test(value);

/** A required name or headline: one line that shows something. */
export const isName = (value: string) => isLine(value) && !isBlank(value);

/** Free text that may run over several lines (bios, captions, standfirsts, notes). */
export const isText = (value: string) => !CONTROL.test(value);

/** Deliberately plain: one @, a dotted domain, no spaces, commas or control characters, at most 254 characters. */
export const isEmailAddress = (value: string) =>
  value.length <= 254 &&
  /^[^\s@,;<>"()[\]\\\u0000-\u001f\u007f]+@[^\s@,;<>"()[\]\\\u0000-\u001f\u007f]+\.[^\s@,;<>"()[\]\\\u0000-\u001f\u007f.]{2,}$/u.test(value);

export const TEXT_FORMATS = { name: isName, line: isLine, text: isText } as const;

export const TEXT_FORMAT_MESSAGES: Record<keyof typeof TEXT_FORMATS, string> = {
  name: 'must be one line of visible text, without control characters, line breaks, direction overrides or invisible spaces',
  line: 'must be one line of text, without control characters, line breaks, direction overrides or invisible spaces',
  text: 'must not contain control characters',
};

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Length as a reader counts it: one emoji family or one letter with its accents is one
 * character, so limits never split a sequence and never punish a script for its encoding.
 */
export function graphemeCount(value: string): number {
  let count = 0;
  for (const _ of graphemes.segment(value)) count++;
  return count;
}

/** Shortens to at most `max` characters as a reader counts them, ending with an ellipsis when cut. */
export function clip(value: string, max: number): string {
  if (graphemeCount(value) <= max) return value;
  let out = '';
  let count = 0;
  for (const { segment } of graphemes.segment(value)) {
    if (++count > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/**
 * `value` without the run of `chars` it ends with: a loop from the end, because an expression
 * such as /[ .]+$/ is tried from every character of a long run, the square of its length.
 */
export function withoutTrailing(value: string, chars: string): string {
  let end = value.length;
  while (end > 0 && chars.includes(value[end - 1]!)) end--;
  return value.slice(0, end);
}
