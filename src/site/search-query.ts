import type { Static } from 'typebox';
import { AppError } from '../platform/errors.ts';
import { pageQuery } from '../web/forms/schema.ts';
import type { SearchQuery } from './pages/search.tsx';
import { pageNumber, queryValue, type QueryValue } from './query.ts';

/** `/search?q=&section=&edition=&page=`: every parameter optional; checked by `parseSearch`. */
export const SearchQueryString = pageQuery({ q: queryValue(), section: queryValue(), edition: queryValue(), page: queryValue() });

const MAX_QUERY_LENGTH = 200;

/** A parameter given once; a repeated one counts as absent (the search text is refused instead). */
const one = (value: QueryValue) => (Array.isArray(value) ? undefined : value);

/**
 * The search a reader asked for, checked against the site: a bad request (a 400 page) for a
 * search too long, a section or edition the site does not have, or a page that is not one.
 */
export function parseSearch(raw: Static<typeof SearchQueryString>, site: { nav: { slug: string }[]; editions: { code: string }[] }): SearchQuery {
  const q = (one(raw.q) ?? '').trim();
  if (q.length > MAX_QUERY_LENGTH || Array.isArray(raw.q)) throw new AppError('bad_request', 'The search is too long.');
  const section = one(raw.section) ?? '';
  const edition = one(raw.edition) ?? '';
  if (section && !site.nav.some((s) => s.slug === section)) throw new AppError('bad_request', 'Unknown section.');
  if (edition && !site.editions.some((e) => e.code === edition)) throw new AppError('bad_request', 'Unknown edition.');
  return { q, section, edition, page: pageNumber(one(raw.page)) };
}
