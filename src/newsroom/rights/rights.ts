import type { ArticleStatus } from '../../content/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffRole } from '../../web/roles.ts';

/**
 * What each newsroom role may do to an article, as pure functions the routes ask and the
 * editor shows (buttons a role may not use are not offered). Publishing is the line: anything
 * readers would see at once (publishing, scheduling, changing or withdrawing a live article)
 * is an editor's decision.
 */

export type ArticleRight = 'create' | 'edit' | 'submit' | 'return' | 'publish' | 'schedule' | 'unpublish' | 'correct' | 'delete';

const RANK: Record<StaffRole, number> = { contributor: 0, writer: 1, editor: 2, admin: 3 };

/** The lowest role holding each right that does not depend on the article's state. */
const LOWEST: Record<Exclude<ArticleRight, 'edit'>, StaffRole> = {
  create: 'contributor',
  submit: 'writer',
  // A writer may take back what they submitted; an editor may send it back.
  return: 'writer',
  publish: 'editor',
  schedule: 'editor',
  unpublish: 'editor',
  correct: 'editor',
  delete: 'editor',
};

/** States whose content a role may change; live and scheduled articles are an editor's. */
const EDITABLE: Record<StaffRole, readonly ArticleStatus[]> = {
  contributor: ['draft'],
  writer: ['draft', 'in_review', 'unpublished'],
  editor: ['draft', 'in_review', 'scheduled', 'published', 'unpublished'],
  admin: ['draft', 'in_review', 'scheduled', 'published', 'unpublished'],
};

export function may(role: StaffRole, right: ArticleRight, status: ArticleStatus): boolean {
  if (right === 'edit') return EDITABLE[role].includes(status);
  return RANK[role] >= RANK[LOWEST[right]];
}

const ROLE_NAME: Record<StaffRole, string> = { contributor: 'a contributor', writer: 'a writer', editor: 'an editor', admin: 'an admin' };
const DOING: Record<ArticleRight, string> = {
  create: 'create articles',
  edit: 'change',
  submit: 'submit articles for review',
  return: 'send articles back to draft',
  publish: 'publish articles',
  schedule: 'schedule articles',
  unpublish: 'unpublish articles',
  correct: 'add corrections',
  delete: 'delete articles',
};

export function assertMay(role: StaffRole, right: ArticleRight, status: ArticleStatus): void {
  if (may(role, right, status)) return;
  const what = right === 'edit' ? `change an article that is ${status.replace('_', ' ')}` : DOING[right];
  throw new AppError('forbidden', `As ${ROLE_NAME[role]} you cannot ${what}; ask an editor.`);
}

/**
 * Articles readers see, or will see without another look (scheduled): the pictures they show
 * are part of them, so changing a picture's alt text, caption, credit or focal point is
 * changing them.
 */
const LIVE: readonly ArticleStatus[] = ['published', 'scheduled'];

export const liveArticles = <T extends { status: ArticleStatus }>(usedBy: T[]): T[] => usedBy.filter((a) => LIVE.includes(a.status));

/** A picture that live articles use may be changed only by a role that may change each of them. */
export function assertMayChangePicture(role: StaffRole, usedBy: { headline: string; status: ArticleStatus }[]): void {
  const locked = liveArticles(usedBy).filter((a) => !may(role, 'edit', a.status));
  if (!locked.length) return;
  const what = locked.some((a) => a.status === 'published') ? 'a published article shows' : 'a scheduled article will show';
  const named =
    locked
      .slice(0, 3)
      .map((a) => `“${a.headline}”`)
      .join(', ') + (locked.length > 3 ? ` and ${locked.length - 3} more` : '');
  throw new AppError('forbidden', `As ${ROLE_NAME[role]} you cannot change a picture that ${what} (${named}); ask an editor.`);
}

/** Everything a role may do to an article in its state, for the editor's buttons. */
export function rightsFor(role: StaffRole, status: ArticleStatus): Record<ArticleRight, boolean> {
  const rights = {} as Record<ArticleRight, boolean>;
  for (const right of Object.keys(DOING) as ArticleRight[]) rights[right] = may(role, right, status);
  return rights;
}
