import { Type, type Static } from 'typebox';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../content/index.ts';
import { AppError } from '../../platform/errors.ts';
import { pageQuery } from '../../web/forms/schema.ts';

/**
 * A filter as the query string brings it: once, or (a hand-made address) more than once,
 * which `readListFilters` refuses by name. The caps are far above what it accepts, so that
 * it is the one to explain a value it refuses.
 */
const filter = Type.Optional(Type.Union([Type.String({ maxLength: 2_000 }), Type.Array(Type.String({ maxLength: 2_000 }), { maxItems: 50 })]));

export const ListQuery = pageQuery({ status: filter, section: filter, author: filter, edition: filter, q: filter, sort: filter, cursor: filter });
export type ListQuery = Static<typeof ListQuery>;

export interface Choice {
  value: string;
  label: string;
}

export interface ListChoices {
  sections: Choice[];
  authors: Choice[];
  editions: Choice[];
}

export interface ListFilterValues {
  status?: ArticleStatus;
  section?: string;
  author?: string;
  edition?: string;
  q?: string;
  sort?: 'newest' | 'oldest';
  cursor?: string;
}

export const SORTS = [
  { value: 'newest', label: 'Latest change first' },
  { value: 'oldest', label: 'Oldest change first' },
] as const;

/**
 * Pure: the newsroom list's filters from its query string. Empty means "any"; a value that is
 * not one of the choices is a 400 naming the filter, never silently ignored.
 */
export function readListFilters(query: ListQuery, choices: ListChoices): ListFilterValues {
  const one = (name: keyof ListQuery): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new AppError('bad_request', `The ${name} filter was given more than once.`, name);
    return value;
  };
  const among = (name: keyof ListQuery, allowed: readonly string[]) => {
    const value = one(name);
    if (value !== undefined && !allowed.includes(value)) throw new AppError('bad_request', `There is no ${name} "${value.slice(0, 60)}".`, name);
    return value;
  };
  const out: ListFilterValues = {};
  const status = among('status', ARTICLE_STATUSES);
  if (status) out.status = status as ArticleStatus;
  const section = among(
    'section',
    choices.sections.map((c) => c.value),
  );
  if (section) out.section = section;
  const author = among(
    'author',
    choices.authors.map((c) => c.value),
  );
  if (author) out.author = author;
  const edition = among(
    'edition',
    choices.editions.map((c) => c.value),
  );
  if (edition) out.edition = edition;
  const q = one('q')?.trim();
  if (q) {
    if (q.length > 200) throw new AppError('bad_request', 'The search is longer than 200 characters.', 'q');
    out.q = q;
  }
  const sort = among(
    'sort',
    SORTS.map((s) => s.value),
  );
  if (sort === 'oldest') out.sort = sort;
  const cursor = one('cursor');
  if (cursor) out.cursor = cursor;
  return out;
}
