import { Csrf, type FormState } from '../../web/forms/components.tsx';
import { FIELDS, KINDS, type Kind } from './taxonomy-fields.ts';

/** What the taxonomy page shows of one entry. */
export interface Row {
  id: string;
  slug: string;
  version: number;
  values: Record<string, string>;
  parent?: string | null;
}

function Fields({ kind, values }: { kind: Kind; values: Record<string, string> }) {
  return (
    <>
      {Object.entries(FIELDS[kind]).map(([name, rule]) => (
        <label>
          {rule.label}{' '}
          {rule.multiline ? (
            <textarea name={name} rows={2} value={values[name] ?? ''} />
          ) : (
            <input name={name} value={values[name] ?? ''} required={rule.required} />
          )}
        </label>
      ))}
    </>
  );
}

const TITLES: Record<Kind, string> = { section: 'Sections', topic: 'Topics', author: 'Authors' };

/** Whose newsroom account a byline is: that account's comments on the author's articles carry the Author badge. */
export interface Bylines {
  staff: { id: string; name: string }[];
  linked: Map<string, string>;
}

function BylineAccount({ row, state, bylines }: { row: Row; state: FormState; bylines: Bylines }) {
  return (
    <form method="post" action="/newsroom/taxonomy/author/account" class="taxonomy__edit">
      <Csrf state={state} />
      <input type="hidden" name="id" value={row.id} />
      <label>
        Newsroom account (for the Author badge on comments){' '}
        <select name="userId">
          <option value="">(none)</option>
          {bylines.staff.map((s) => (
            <option value={s.id} selected={bylines.linked.get(row.id) === s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button class="button" type="submit">
        Link
      </button>
    </form>
  );
}

/** Whether a topic's new articles go to its followers as an alert the moment they are first published. */
function TopicAlerts({ row, state, on }: { row: Row; state: FormState; on: boolean }) {
  return (
    <form method="post" action="/newsroom/taxonomy/topic/alerts" class="taxonomy__edit">
      <Csrf state={state} />
      <input type="hidden" name="id" value={row.id} />
      <label class="taxonomy__check">
        <input type="checkbox" name="automatic" value="on" checked={on} /> Alert this topic's followers when a new article in it is published
      </label>
      <button class="button" type="submit">
        Save
      </button>
    </form>
  );
}

export function KindPanel({
  kind,
  rows,
  state,
  sections,
  bylines,
  alerting,
}: {
  kind: Kind;
  rows: Row[];
  state: FormState;
  sections: { slug: string; name: string }[];
  bylines: Bylines;
  alerting: Set<string>;
}) {
  const parentSelect = (value: string | null | undefined) =>
    kind === 'section' && (
      <label>
        Inside{' '}
        <select name="parent">
          <option value="">(top level)</option>
          {sections.map((s) => (
            <option value={s.slug} selected={s.slug === value}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
    );
  return (
    <section class="taxonomy" id={kind}>
      <h2>{TITLES[kind]}</h2>
      <form method="post" action={`/newsroom/taxonomy/${kind}`} class="taxonomy__new">
        <Csrf state={state} />
        <Fields kind={kind} values={{}} />
        {parentSelect(null)}
        <button class="button button--primary" type="submit">
          Add
        </button>
      </form>
      <ul class="taxonomy__list">
        {rows.map((row) => (
          <li>
            <details>
              <summary>
                {row.values.name} <span class="taxonomy__slug">/{row.slug}</span>
                {kind === 'topic' && alerting.has(row.id) && <span class="taxonomy__flag"> · alerts on publish</span>}
              </summary>
              <form method="post" action={`/newsroom/taxonomy/${kind}/update`} class="taxonomy__edit">
                <Csrf state={state} />
                <input type="hidden" name="id" value={row.id} />
                <input type="hidden" name="version" value={String(row.version)} />
                <Fields kind={kind} values={row.values} />
                {parentSelect(row.parent)}
                <button class="button" type="submit">
                  Save
                </button>
              </form>
              {kind === 'author' && <BylineAccount row={row} state={state} bylines={bylines} />}
              {kind === 'topic' && <TopicAlerts row={row} state={state} on={alerting.has(row.id)} />}
              <form method="post" action={`/newsroom/taxonomy/${kind}/delete`}>
                <Csrf state={state} />
                <input type="hidden" name="id" value={row.id} />
                <button class="button button--danger" type="submit">
                  Delete
                </button>
              </form>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The whole page: every list with its forms, and the error of a form just refused. */
export function TaxonomyPage({
  rows,
  state,
  sections,
  bylines,
  alerting,
}: {
  rows: Record<Kind, Row[]>;
  state: FormState;
  sections: { slug: string; name: string }[];
  bylines: Bylines;
  alerting: Set<string>;
}) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Sections, topics and authors
      </p>
      <h1>Sections, topics and authors</h1>
      {state.error && (
        <p class="field-error" role="alert">
          {state.error}
        </p>
      )}
      {KINDS.map((kind) => (
        <KindPanel kind={kind} rows={rows[kind]} state={state} sections={sections} bylines={bylines} alerting={alerting} />
      ))}
    </div>
  );
}
