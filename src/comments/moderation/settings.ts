import { invalid } from '../../platform/errors.ts';
import { DEFAULT_SETTINGS, type ModerationSettings } from './pipeline.ts';

/**
 * What a newsroom tunes of its moderation, from the moderation settings page: word lists and a
 * few thresholds. The rest (lengths, the repeat window) are the product's own choices.
 */
export type TunableSettings = Pick<ModerationSettings, 'bannedWords' | 'suspectWords' | 'maxLinks' | 'newReaderComments' | 'classifierHoldAt'> & {
  ratePerMinute: number;
};

export const tunableOf = (settings: ModerationSettings): TunableSettings => ({
  bannedWords: settings.bannedWords,
  suspectWords: settings.suspectWords,
  maxLinks: settings.maxLinks,
  newReaderComments: settings.newReaderComments,
  classifierHoldAt: settings.classifierHoldAt,
  ratePerMinute: settings.rate.windowMs === 60_000 ? settings.rate.count : DEFAULT_SETTINGS.rate.count,
});

/** Pure: the stored tunables over the defaults; anything stored that no longer fits is ignored. */
export function withTunables(stored: unknown): ModerationSettings {
  if (!stored || typeof stored !== 'object') return DEFAULT_SETTINGS;
  try {
    const t = readTunables(stored as Record<string, unknown>);
    return {
      ...DEFAULT_SETTINGS,
      bannedWords: t.bannedWords,
      suspectWords: t.suspectWords,
      maxLinks: t.maxLinks,
      newReaderComments: t.newReaderComments,
      classifierHoldAt: t.classifierHoldAt,
      rate: { count: t.ratePerMinute, windowMs: 60_000 },
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

const MAX_WORDS = 500;

function words(value: unknown, field: string, label: string): string[] {
  const list = Array.isArray(value) ? value : String(value ?? '').split(/\r?\n|,/);
  const cleaned = [...new Set(list.map((w) => String(w).trim()).filter(Boolean))];
  if (cleaned.length > MAX_WORDS) throw invalid(field, `${label}: at most ${MAX_WORDS} words or phrases.`);
  const long = cleaned.find((w) => [...w].length > 60);
  if (long) throw invalid(field, `${label}: "${[...long].slice(0, 20).join('')}…" is longer than 60 characters.`);
  return cleaned;
}

function whole(value: unknown, field: string, label: string, min: number, max: number): number {
  const n = typeof value === 'number' ? value : Number(String(value ?? '').trim());
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(field, `${label} must be a whole number from ${min} to ${max}.`);
  return n;
}

/** Pure: the settings form (or stored JSON), checked; a clear message names the field that is wrong. */
export function readTunables(input: Record<string, unknown>): TunableSettings {
  const holdPercent = whole(
    input.classifierHoldPercent ?? (typeof input.classifierHoldAt === 'number' ? Math.round(input.classifierHoldAt * 100) : undefined),
    'classifierHoldPercent',
    'The classifier threshold',
    30,
    100,
  );
  return {
    bannedWords: words(input.bannedWords, 'bannedWords', 'Banned words'),
    suspectWords: words(input.suspectWords, 'suspectWords', 'Suspect words'),
    maxLinks: whole(input.maxLinks, 'maxLinks', 'Links before a comment is held', 0, 20),
    newReaderComments: whole(input.newReaderComments, 'newReaderComments', 'First comments read by a moderator', 0, 20),
    classifierHoldAt: holdPercent / 100,
    ratePerMinute: whole(input.ratePerMinute, 'ratePerMinute', 'Comments per reader per minute', 1, 60),
  };
}
