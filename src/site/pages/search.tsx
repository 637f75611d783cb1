import { MATCH_END, MATCH_START } from '../../content/index.ts';
import { type ArticleView, Pagination } from '../components/cards.tsx';
import type { EditionView, SiteView } from '../../web/document/model.ts';
import { shortDate } from '../../web/time.ts';

/** Snippet text with its match markers turned into <mark>; everything else stays text. */
export function Snippet({ text }: { text: string }) {
  const parts: preact.ComponentChildren[] = [];
  for (const [i, piece] of text.split(MATCH_START).entries()) {
    if (i === 0) {
      parts.push(piece.replaceAll(MATCH_END, ''));
      continue;
    }
    const end = piece.indexOf(MATCH_END);
    if (end === -1) parts.push(piece);
    else parts.push(<mark>{piece.slice(0, end)}</mark>, piece.slice(end + MATCH_END.length).replaceAll(MATCH_END, ''));
  }
  return <>{parts}</>;
}

export interface SearchQuery {
  q: string;
  section: string;
  edition: string;
  page: number;
}

/** The address of one page of results; `action` is the search's own path (`/search` or `/{edition}/search`). */
export function searchHref(query: SearchQuery, page: number, action = '/search'): string {
  const params = new URLSearchParams({ q: query.q });
  if (query.section) params.set('section', query.section);
  if (query.edition) params.set('edition', query.edition);
  if (page > 1) params.set('page', String(page));
  return `${action}?${params}`;
}

/** A labelled filter whose first option means "no filter". */
function Choice({
  label,
  name,
  any,
  selected,
  options,
}: {
  label: string;
  name: string;
  any: string;
  selected: string;
  options: { value: string; label: string }[];
}) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option value={option.value} selected={option.value === selected}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SearchPage({
  site,
  edition,
  action,
  query,
  results,
  hasNext,
}: {
  site: SiteView;
  edition: EditionView;
  /** The path the filters' form sends to: the search of the edition the reader is in. */
  action: string;
  query: SearchQuery;
  results: { article: ArticleView; title: string; snippet: string }[];
  hasNext: boolean;
}) {
  return (
    <>
      <h1 class="page-title">{query.q ? `Search results for “${query.q}”` : 'Search'}</h1>
      <form class="search-filters" action={action} method="get" role="search">
        <label>
          Words
          <input type="search" name="q" value={query.q} maxLength={200} required />
        </label>
        <Choice label="Section" name="section" any="All sections" selected={query.section} options={site.nav.map((s) => ({ value: s.slug, label: s.name }))} />
        <Choice
          label="Edition"
          name="edition"
          any="Both editions"
          selected={query.edition}
          options={site.editions.map((e) => ({ value: e.code, label: e.name }))}
        />
        <button class="button" type="submit">
          Search
        </button>
      </form>
      {query.q && !results.length && <p>No articles match. Try fewer or different words.</p>}
      <ol class="results">
        {results.map(({ article, title, snippet }) => (
          <li class="result">
            <h2>
              <a href={article.url}>
                <Snippet text={title} />
              </a>
            </h2>
            <p>
              <Snippet text={snippet} />
            </p>
            <p class="card__meta">
              {article.section.name}
              {article.publishedAt && <> · {shortDate(new Date(article.publishedAt), edition.locale, edition.timeZone)}</>}
            </p>
          </li>
        ))}
      </ol>
      <Pagination page={query.page} hasNext={hasNext} href={(n) => searchHref(query, n, action)} />
    </>
  );
}
