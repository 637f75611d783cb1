import { AppError, conflict } from '../../platform/errors.ts';
import type { ArticleStatus } from '../tables.ts';

/**
 * The editorial rules as pure functions: what may happen to an article in which state, what
 * an article needs before readers may see it, and which times a publication sets.
 */

export type Action = 'submit' | 'return' | 'publish' | 'unpublish' | 'schedule' | 'correct';

/** The workflow: draft -> in review -> scheduled or published -> (updated) -> unpublished. */
const ALLOWED: Record<Action, readonly ArticleStatus[]> = {
  submit: ['draft', 'unpublished'],
  return: ['in_review'],
  publish: ['draft', 'in_review', 'scheduled', 'unpublished', 'published'],
  unpublish: ['published', 'scheduled'],
  schedule: ['draft', 'in_review', 'unpublished', 'scheduled'],
  correct: ['published'],
};

const EXPLAIN: Record<Action, string> = {
  submit: 'submit it for review',
  return: 'send it back to draft; only an article in review goes back',
  publish: 'publish',
  unpublish: 'unpublish it',
  schedule: 'schedule it',
  correct: 'add a correction or update note; those are for published articles',
};

export function assertTransition(status: ArticleStatus, action: Action): void {
  if (!ALLOWED[action].includes(status)) throw conflict(`The article is ${status}, so you cannot ${EXPLAIN[action]}.`, 'status');
}

export interface Publishable {
  headline: string;
  standfirst: string;
  authorCount: number;
  blockCount: number;
  /** Every image shown (hero and body figures) with the alt text it will carry. */
  images: { field: string; alt: string }[];
}

/** What must be true before readers see an article; the first gap is reported by field. */
export function publishProblem(article: Publishable, lead = 'Cannot publish yet:'): AppError | null {
  const missing = (field: string, message: string) => new AppError('invalid', `${lead} ${message}`, field);
  if (!article.standfirst.trim()) return missing('standfirst', 'the article needs a standfirst.');
  if (article.authorCount === 0) return missing('authors', 'the article needs at least one author.');
  if (article.blockCount === 0) return missing('body', 'the article has no body.');
  const noAlt = article.images.find((image) => !image.alt.trim());
  if (noAlt) return missing(noAlt.field, 'every image needs alt text describing it for readers who cannot see it.');
  return null;
}

export interface Times {
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
}

/**
 * Times set by publishing. The first publication is fixed forever; `publishedAt` is what
 * readers see as the date, which an archive import may set explicitly (never in the future:
 * that is scheduling).
 */
export function publicationTimes(current: Times, now: Date, explicit?: Date): Times {
  if (explicit && explicit.getTime() > now.getTime() + 60_000) {
    throw new AppError('invalid', 'publishedAt is in the future; schedule the article instead of publishing it.', 'publishedAt');
  }
  return {
    firstPublishedAt: current.firstPublishedAt ?? explicit ?? now,
    publishedAt: explicit ?? current.publishedAt ?? now,
  };
}

/** How recent a first publication must be to count as news: an archive import backdated further is not. */
export const NEWS_WINDOW_MS = 3_600_000;

/** Pure: is this a first publication as it happens, rather than a republication or a backdated import? */
export const isFirstPublicationNow = (before: Times, after: Times, now: Date): boolean =>
  !before.firstPublishedAt && !!after.firstPublishedAt && now.getTime() - after.firstPublishedAt.getTime() < NEWS_WINDOW_MS;

/** Fields whose change readers would see; changing one on a live article marks it updated. */
export const READER_VISIBLE = ['headline', 'seoHeadline', 'standfirst', 'body', 'hero', 'authors', 'topics', 'section'] as const;
