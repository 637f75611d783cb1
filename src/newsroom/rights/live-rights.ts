import type { LiveEntryStatus } from '../../content/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffRole } from '../../web/roles.ts';

/**
 * What each newsroom role may do on a live blog, as pure functions the routes ask and the
 * composer shows. The line is the one articles draw: what readers see at once is an editor's
 * call, except that a writer's own entries go straight out unless the blog holds entries.
 */

export type BlogRight = 'make' | 'settings' | 'open-close';
export type EntryRight = 'edit' | 'delete' | 'key-event' | 'pin' | 'publish-held' | 'schedule';

const EDITORS: readonly StaffRole[] = ['editor', 'admin'];
const isEditor = (role: StaffRole) => EDITORS.includes(role);

/** Making an article a live blog, its settings, opening and closing it: editors and admins. */
export const mayRunBlog = (role: StaffRole, _right: BlogRight): boolean => isEditor(role);

/** Where a new entry goes when its writer presses "Publish": readers at once, or an editor first. */
export function releaseFor(role: StaffRole, holdEntries: boolean): 'publish' | 'hold' {
  if (isEditor(role)) return 'publish';
  if (role === 'writer' && !holdEntries) return 'publish';
  return 'hold';
}

export interface EntryFacts {
  status: LiveEntryStatus;
  /** Whether the caller started the entry (see `ownsEntry`). */
  own: boolean;
}

/** Who looks at or writes an entry: a signed-in staff member, by account, or an Admin API token. */
export type EntryReader = { account: string } | 'api';

/**
 * The creator `reader` counts as: a person by account (names are not unique); tokens start
 * entries with no account, and the Admin API as a whole owns those. The lists of entries ask
 * their query for the drafts of this creator only, as `maySeeEntry` says.
 */
export const creatorIdOf = (reader: EntryReader): string | null => (reader === 'api' ? null : reader.account);

/** Whether `reader` started the entry. */
export function ownsEntry(reader: EntryReader, entry: { creatorId: string | null }): boolean {
  return entry.creatorId === creatorIdOf(reader);
}

/** The facts the rights below judge an entry by, for this reader. */
export const factsOf = (reader: EntryReader, entry: { status: LiveEntryStatus; creatorId: string | null }): EntryFacts => ({
  status: entry.status,
  own: ownsEntry(reader, entry),
});

/**
 * The one rule for who sees an entry in the newsroom: one entry, its preview, every write, and
 * the Admin API; the lists (the composer's, the Admin API's) ask their query for the same
 * (drafts of `creatorIdOf` the reader only), so a page's limit counts only what may be seen.
 * A draft is its writer's alone, editors' and tokens' included (half-written words are nobody
 * else's business), until it is sent on: held for an editor, scheduled or published, it is the
 * desk's and every member of staff sees it. A deleted entry is nobody's. An entry one may not see is answered as not found, as if it were
 * not there, which is what the list says too.
 */
export function maySeeEntry(reader: EntryReader, entry: { status: LiveEntryStatus; creatorId: string | null }): boolean {
  if (entry.status === 'deleted') return false;
  return entry.status !== 'draft' || ownsEntry(reader, entry);
}

/** What a role may do to one entry. Drafts and held entries of one's own may always be edited before they go out. */
export function mayOnEntry(role: StaffRole, right: EntryRight, entry: EntryFacts): boolean {
  // Another's draft is not even seen (`maySeeEntry`), editors included.
  if (entry.status === 'draft' && !entry.own) return false;
  if (isEditor(role)) return true;
  switch (right) {
    case 'edit':
    case 'delete':
      // Contributors keep their unreleased work; writers also their own published entries.
      if (!entry.own) return false;
      return entry.status === 'draft' || entry.status === 'held' || (role === 'writer' && entry.status === 'published');
    case 'key-event':
      return role === 'writer' && entry.own;
    case 'pin':
    case 'publish-held':
    case 'schedule':
      return false;
  }
}

const ROLE_NAME: Record<StaffRole, string> = { contributor: 'a contributor', writer: 'a writer', editor: 'an editor', admin: 'an admin' };
const DOING: Record<EntryRight | BlogRight, string> = {
  make: 'make an article a live blog',
  settings: "change a live blog's settings",
  'open-close': 'open or close a live blog',
  edit: 'change this entry',
  delete: 'delete this entry',
  'key-event': 'mark this entry a key event',
  pin: 'pin entries',
  'publish-held': 'publish an entry held for an editor',
  schedule: 'schedule entries',
};

const refuse = (role: StaffRole, what: string) => new AppError('forbidden', `As ${ROLE_NAME[role]} you cannot ${what}; ask an editor.`);

export function assertMayRunBlog(role: StaffRole, right: BlogRight): void {
  if (!mayRunBlog(role, right)) throw refuse(role, DOING[right]);
}

export function assertMayOnEntry(role: StaffRole, right: EntryRight, entry: EntryFacts): void {
  if (!mayOnEntry(role, right, entry)) throw refuse(role, DOING[right]);
}

/** Everything a role may do to an entry, for the composer's buttons. */
export function entryRightsFor(role: StaffRole, entry: EntryFacts): Record<EntryRight, boolean> {
  const rights = {} as Record<EntryRight, boolean>;
  for (const right of ['edit', 'delete', 'key-event', 'pin', 'publish-held', 'schedule'] as const) rights[right] = mayOnEntry(role, right, entry);
  return rights;
}
