import { ARTICLE_STATUSES } from '../../content/index.ts';
import { Csrf, type FormState } from '../../web/forms/components.tsx';
import { ADMIN_ROLES, EDITOR_ROLES } from '../../web/roles.ts';
import { SORTS, type Choice, type ListChoices, type ListFilterValues } from './list-filters.ts';
import { statusLabel } from './status-label.ts';

export interface NewsroomItem {
  id: string;
  headline: string;
  status: string;
  section: string;
  modifiedAt: string;
  authors: string[];
  /** Who has the article open in the editor right now. */
  editing: string[];
}

const holds = (roles: readonly string[], role: string) => roles.includes(role);

function Select({ name, label, choices, value }: { name: string; label: string; choices: Choice[]; value: string | undefined }) {
  return (
    <label>
      {label}{' '}
      <select name={name}>
        <option value="">Any</option>
        {choices.map((c) => (
          <option value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function NewsroomHome({
  items,
  filters,
  choices,
  next,
  role,
  state,
}: {
  items: NewsroomItem[];
  filters: ListFilterValues;
  choices: ListChoices;
  next: string | null;
  role: string;
  state: FormState;
}) {
  const statuses = ARTICLE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }));
  const { cursor: _cursor, ...kept } = filters;
  const olderHref = next ? `/newsroom?${new URLSearchParams({ ...(kept as Record<string, string>), cursor: next })}` : null;
  return (
    <div class="newsroom">
      <h1>Newsroom</h1>
      <nav aria-label="Newsroom" class="newsroom-filters">
        <a href="/newsroom/media">Media library</a>
        {holds(EDITOR_ROLES, role) && (
          <>
            <a href="/newsroom/fronts">Fronts</a>
            <a href="/newsroom/taxonomy">Sections, topics and authors</a>
            <a href="/newsroom/navigation">Navigation</a>
            <a href="/newsroom/pages">Pages</a>
            <a href="/newsroom/alerts">Alerts</a>
            <a href="/newsroom/revenue">Reader revenue</a>
            <a href="/newsroom/moderation">Moderation</a>
          </>
        )}
      </nav>
      <form method="post" action="/newsroom/articles" class="new-article">
        <Csrf state={state} />
        <label>
          New article: headline <input name="headline" required maxLength={200} />
        </label>
        <label>
          Section{' '}
          <select name="section" required>
            {choices.sections.map((c) => (
              <option value={c.value}>{c.label}</option>
            ))}
          </select>
        </label>
        <button class="button button--primary" type="submit">
          Start writing
        </button>
        {state.error && (
          <p class="field-error" role="alert">
            {state.error}
          </p>
        )}
      </form>
      {holds(ADMIN_ROLES, role) && (
        <nav aria-label="Administration" class="newsroom-filters">
          <a href="/newsroom/staff">Staff</a>
          <a href="/newsroom/tokens">API tokens</a>
          <a href="/newsroom/audit">Audit log</a>
          <a href="/newsroom/settings">Settings</a>
        </nav>
      )}
      <form method="get" action="/newsroom" class="search-filters" role="search">
        <label>
          Search <input type="search" name="q" maxLength={200} value={filters.q ?? ''} />
        </label>
        <Select name="status" label="Status" choices={statuses} value={filters.status} />
        <Select name="section" label="Section" choices={choices.sections} value={filters.section} />
        <Select name="author" label="Author" choices={choices.authors} value={filters.author} />
        <Select name="edition" label="Edition" choices={choices.editions} value={filters.edition} />
        <label>
          Sort{' '}
          <select name="sort">
            {SORTS.map((c) => (
              <option value={c.value} selected={c.value === (filters.sort ?? 'newest')}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button class="button" type="submit">
          Filter
        </button>
      </form>
      {items.length === 0 ? (
        <p>No articles match.</p>
      ) : (
        <table class="newsroom-list">
          <caption class="visually-hidden">Articles, {filters.sort === 'oldest' ? 'oldest change first' : 'most recently changed first'}</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">By</th>
              <th scope="col">Changed</th>
              <th scope="col">Editing now</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr>
                <td>
                  <a href={`/newsroom/articles/${a.id}`}>{a.headline}</a>
                </td>
                <td>{statusLabel(a.status)}</td>
                <td>{a.section}</td>
                <td>{a.authors.join(', ')}</td>
                <td>
                  <time datetime={a.modifiedAt}>{a.modifiedAt.slice(0, 16).replace('T', ' ')} UTC</time>
                </td>
                <td class="editing">{a.editing.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {olderHref && (
        <p>
          <a href={olderHref}>Older</a>
        </p>
      )}
    </div>
  );
}
