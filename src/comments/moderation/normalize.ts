/**
 * Text as the word phases compare it: the tricks that hide a word from a plain match are
 * undone (accents, full-width and styled letters, invisible characters, digits for letters,
 * stretched letters), then it is split into words. Pure.
 */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

export function normalizeForMatching(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/\p{Cf}+/gu, '')
      .toLowerCase()
      // Digits and signs standing for letters, in words that have letters ("1d10t", "b@d"; not "2026").
      .replace(/[\p{L}\p{N}@$]+/gu, (word) => (/\p{L}/u.test(word) ? word.replace(/[013457@$]/g, (c) => LEET[c]!) : word))
      .replace(/(\p{L})\1{2,}/gu, '$1')
  );
}

export function wordsOf(text: string): string[] {
  return normalizeForMatching(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Runs of three or more single letters ("f.r.a.u.d", "f r a u d"), joined: words spelled out to
 * slip past a list. A run has no word boundaries of its own ("a f.r.a.u.d" is "afraud"), so a
 * list entry may be found anywhere inside one.
 */
export function spelledOut(words: string[]): string[] {
  const runs: string[] = [];
  let run = '';
  let length = 0;
  for (const word of [...words, '']) {
    if ([...word].length === 1) {
      run += word;
      length++;
      continue;
    }
    if (length >= 3) runs.push(run);
    run = '';
    length = 0;
  }
  return runs;
}

/**
 * The entries of `list` (words or phrases) that occur as whole words in `text`, as written or
 * spelled out letter by letter. Stretched letters are undone in both, so "baaad" in a comment
 * matches "bad" in the list.
 */
export function matchList(text: string, list: string[]): string[] {
  if (!list.length) return [];
  const words = wordsOf(text);
  const haystack = ` ${words.join(' ')} `;
  const runs = spelledOut(words);
  return list.filter((entry) => {
    const needle = wordsOf(entry).join(' ');
    return needle !== '' && (haystack.includes(` ${needle} `) || runs.some((run) => run.includes(needle.replaceAll(' ', ''))));
  });
}

/** For the repeat check: the same words in the same order count as the same comment. */
export const sameText = (a: string, b: string) => wordsOf(a).join(' ') === wordsOf(b).join(' ');
