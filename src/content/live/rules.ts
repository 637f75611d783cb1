import { conflict } from '../../platform/errors.ts';
import type { LiveBlogState, LiveEntryStatus } from './tables.ts';

// Pure decisions about live blogs: which pages hold which entries, and what may happen to an entry in each state.

/** Entries on each older page; the latest page holds between one and two pages' worth. */
export const ENTRIES_PER_PAGE = 20;

/**
 * How many pages a blog whose last position is `lastPosition` has. Older pages hold positions in
 * fixed runs of `perPage` counted from the first entry, so their addresses never change what
 * they show as the blog grows; the latest page (at the article's own address) holds the rest.
 */
export function pageCount(lastPosition: number, perPage = ENTRIES_PER_PAGE): number {
  return Math.max(1, Math.floor(lastPosition / perPage));
}

/** The positions a page holds (`page` counted from the oldest, 1-based), inclusive. */
export function pageRange(page: number, lastPosition: number, perPage = ENTRIES_PER_PAGE): { from: number; to: number } {
  const pages = pageCount(lastPosition, perPage);
  const from = (page - 1) * perPage + 1;
  return { from, to: page >= pages ? Math.max(lastPosition, from) : page * perPage };
}

/**
 * An entry's permanent address under its blog's address (a path or a full URL, in any edition):
 * it leads to whichever page holds the entry now. The site's pages, its live stream and feed, and
 * alerts' key-event notifications all link entries through this one definition.
 */
export const entryPermalink = (blogAddress: string, entryId: string): string => `${blogAddress}/entry/${entryId}`;

/** The page an entry at `position` is on now. */
export function pageOf(position: number, lastPosition: number, perPage = ENTRIES_PER_PAGE): number {
  return Math.min(Math.ceil(position / perPage), pageCount(lastPosition, perPage));
}

export type EntryAction = 'save' | 'publish' | 'hold' | 'schedule' | 'delete';

const ALLOWED: Record<EntryAction, readonly LiveEntryStatus[]> = {
  save: ['draft', 'held', 'scheduled', 'published'],
  publish: ['draft', 'held', 'scheduled'],
  hold: ['draft'],
  schedule: ['draft', 'held'],
  delete: ['draft', 'held', 'scheduled', 'published'],
};

const VERB: Record<EntryAction, string> = { save: 'changed', publish: 'published', hold: 'sent to an editor', schedule: 'scheduled', delete: 'deleted' };

/** Throws 409 when `action` cannot happen to an entry in `status`. */
export function assertEntryAction(status: LiveEntryStatus, action: EntryAction): void {
  if (ALLOWED[action].includes(status)) return;
  const now = status === 'deleted' ? 'has been deleted' : `is ${status === 'held' ? 'waiting for an editor' : status}`;
  throw conflict(`This entry ${now}, so it cannot be ${VERB[action]}.`, 'status', { status });
}

/** New entries go only to an open blog: a closed blog is an archive (its entries can still be corrected). */
export function assertOpenFor(state: LiveBlogState, action: EntryAction): void {
  if (state === 'open' || action === 'save' || action === 'delete') return;
  throw conflict('The live blog is closed: reopen it to post new entries.', 'state', { state });
}
