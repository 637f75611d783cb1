import { Type, type Static } from 'typebox';
import { pageQuery } from '../web/forms/schema.ts';
import { AppError } from '../platform/errors.ts';

/**
 * The query strings and path parameters of reader pages. The schemas describe what the
 * parser hands over (a repeated parameter arrives as a list) and refuse nothing themselves:
 * a bad value gets the reader's 400 page from the page's own checks, not a JSON error.
 */

/** One query-string parameter: absent, a string, or a list of strings when it is repeated. */
export const queryValue = () => Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())]));
export type QueryValue = Static<ReturnType<typeof queryValue>> | undefined;

/** `?page=N` on paginated pages (fronts and listings). */
export const PagedQuery = pageQuery({ page: queryValue() });

/** `/topic/:slug`, `/author/:slug`: checked as a slug by the page, which answers 404 otherwise. */
export const SlugParams = Type.Object({ slug: Type.String() });

/** `/:section`: the first path segment. */
export const SectionParams = Type.Object({ section: Type.String() });

/** `?page=N`: 1 when absent; a 400 page for anything that is not a page number we could have. */
export function pageNumber(raw: QueryValue): number {
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,2}$/.test(raw)) throw new AppError('bad_request', 'page must be a page number from 1 to 999.', 'page');
  return Number(raw);
}
