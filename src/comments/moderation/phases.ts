import { graphemeCount, isBlank } from '../../platform/text.ts';
import { matchList, sameText } from './normalize.ts';
import type { Phase } from './pipeline.ts';

/**
 * The phases, in the order they run. The order is for reading, not for deciding (every phase
 * runs and the strongest verdict wins), so it goes from the cheapest and most certain checks
 * to the slowest and most judgemental.
 */

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** 1. Length: empty, whitespace-only or too long is refused outright. */
export const length: Phase = {
  name: 'length',
  run: ({ text, settings }) => {
    if (isBlank(text)) return { action: 'reject', reason: 'The comment is empty.' };
    const n = graphemeCount(text.trim());
    if (n < settings.minLength) return { action: 'reject', reason: `The comment is too short (at least ${settings.minLength} characters).` };
    if (n > settings.maxLength) return { action: 'reject', reason: `The comment is ${n} characters long; the most is ${settings.maxLength}.` };
    return null;
  },
};

/** 2. Discussion: closed (by an editor or by age) refuses; pre-moderated holds everything. */
export const discussion: Phase = {
  name: 'discussion',
  run: ({ discussion: d, now }) => {
    if (d.mode === 'closed' || (d.closesAt && d.closesAt.getTime() <= now.getTime()))
      return { action: 'reject', reason: 'The discussion on this article is closed.' };
    if (d.mode === 'premoderated') return { action: 'hold', reason: 'Comments on this article are read by a moderator before they appear.' };
    return null;
  },
};

/** 3. Rate: a reader posting faster than the settings allow waits. */
export const rate: Phase = {
  name: 'rate',
  run: ({ author, settings, now }) => {
    if (author.staff) return null;
    const since = now.getTime() - settings.rate.windowMs;
    const inWindow = author.recent.filter((c) => c.at.getTime() > since);
    if (inWindow.length < settings.rate.count) return null;
    const oldest = Math.min(...inWindow.map((c) => c.at.getTime()));
    return {
      action: 'reject',
      reason: `You are commenting faster than we allow; try again in ${seconds(oldest + settings.rate.windowMs - now.getTime())} seconds.`,
    };
  },
};

/** 4. Banned words: refused. The reader is not told which word, so the list cannot be probed. */
export const bannedWords: Phase = {
  name: 'banned-words',
  run: ({ text, settings }) =>
    matchList(text, settings.bannedWords).length ? { action: 'reject', reason: 'The comment contains language our community standards do not allow.' } : null,
};

/** 5. Suspect words: held for a moderator, who sees which. */
export const suspectWords: Phase = {
  name: 'suspect-words',
  run: ({ text, settings }) => {
    const found = matchList(text, settings.suspectWords);
    return found.length ? { action: 'hold', reason: `A moderator will read it first: it uses words we check (${found.join(', ')}).` } : null;
  },
};

/** 6. Links: many links are how spam looks; held. */
export const links: Phase = {
  name: 'links',
  run: ({ links: found, settings, author }) =>
    !author.staff && found.length > settings.maxLinks
      ? { action: 'hold', reason: `A moderator will read it first: it has ${found.length} links (more than ${settings.maxLinks}).` }
      : null,
};

/** 7. Repeat text: the same comment again within the window is refused (double posts, spam runs). */
export const repeatText: Phase = {
  name: 'repeat-text',
  run: ({ text, author, settings, now }) => {
    const since = now.getTime() - settings.repeatWindowMs;
    return author.recent.some((c) => c.at.getTime() > since && sameText(c.text, text))
      ? { action: 'reject', reason: 'You have posted this comment already.' }
      : null;
  },
};

/** 8. New readers: their first comments wait for a moderator. */
export const newReader: Phase = {
  name: 'new-reader',
  run: ({ author, settings }) =>
    !author.staff && author.published < settings.newReaderComments
      ? { action: 'hold', reason: 'A moderator reads the first comments of new readers before they appear.' }
      : null,
};

/** 9. Reputation: staff and readers in good standing are vouched for; readers often removed are held. */
export const reputation: Phase = {
  name: 'reputation',
  run: ({ author }) => {
    if (author.staff) return { action: 'publish', reason: 'Written by a member of staff.' };
    const removed = author.rejected + author.removedAfterFlags;
    if (removed >= 3 && removed * 4 > author.published)
      return { action: 'hold', reason: 'A moderator reads your comments first for now: several recent ones were removed.' };
    if (author.published >= 20 && removed === 0) return { action: 'publish', reason: 'A reader in good standing.' };
    return null;
  },
};

/** 10. Classifier: a score from the newsroom's classifier (local by default) at or above the threshold holds; so does a classifier that could not answer. */
export const classifier: Phase = {
  name: 'classifier',
  run: ({ classifier: result, settings }) => {
    if (result === 'unavailable') return { action: 'hold', reason: 'A moderator will read it first: the automatic check could not run just now.' };
    return result && result.score >= settings.classifierHoldAt
      ? { action: 'hold', reason: `A moderator will read it first: it may be ${result.labels.join(' or ') || 'abusive'} (score ${result.score.toFixed(2)}).` }
      : null;
  },
};

export const PHASES: Phase[] = [length, discussion, rate, bannedWords, suspectWords, links, repeatText, newReader, reputation, classifier];
