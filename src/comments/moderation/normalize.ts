/**
 * Text as the word phases compare it: the tricks that hide a word from a plain match are
 * undone (accents, full-width and styled letters, invisible characters, digits for letters,
 * stretched letters), then it is split into words. Pure.
 */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

export function normalizeForMatching(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\p{Cf}+/gu, '')
    .toLowerCase()
    // Digits and signs standing for letters, in words that have letters ("1d10t", "b@d"; not "2026").
    .replace(/[\p{L}\p{N}@$]+/gu, (word) => (/\p{L}/u.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c]!) : word))
    .replace(/(\p{L})\1{2,}/gu, '$1');
}

export function wordsOf(text: string): string[] {
  return normalizeForMatching(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The entries of `list` (words or phrases) that occur as whole words in `text`. Stretched
 * letters are undone in both, so "baaad" in a comment matches "bad" in the list.
 */
export function matchList(text: string, list: string[]): string[] {
  if (!list.length) return [];
  const haystack = ` ${wordsOf(text).join(' ')} `;
  return list.filter((entry) => {
    const needle = wordsOf(entry).join(' ');
    return needle !== '' && haystack.includes(` ${needle} `);
  });
}

/** For the repeat check: the same words in the same order count as the same comment. */
export const sameText = (a: string, b: string) => wordsOf(a).join(' ') === wordsOf(b).join(' ');
