import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { NAV_LIMITS } from '../navigation-model.ts';
import { fieldName, type Path, type Row } from './form.ts';
import type { MenuName } from './validate.ts';

/** One menu's form as the page shows it: the rows (saved, or being edited), its version and what went wrong. */
export interface MenuForm {
  menu: MenuName;
  rows: Row[];
  version: number;
  /** Who saved the version shown, and when; null while the menu shows the default. */
  saved: { actor: string; at: string } | null;
  /** Rows being edited and not saved yet. */
  editing: boolean;
  error?: { message: string; path?: Path; what?: 'label' | 'url' | 'children' } | undefined;
  /** On a stale save: the menu someone else saved, to compare with. */
  theirs?: { rows: Row[]; actor: string } | undefined;
}

const TITLES: Record<MenuName, string> = { header: 'Header menu (the sections bar)', footer: 'Footer menu' };
const place = (path: Path) => (path.length === 1 ? `item ${path[0] + 1}` : `sub-item ${path[1] + 1} of item ${path[0] + 1}`);
const same = (a: Path | undefined, b: Path) => !!a && a.length === b.length && a.every((n, i) => n === b[i]);

function Field({ form, path, what, value }: { form: MenuForm; path: Path; what: 'label' | 'url'; value: string }) {
  const id = `${form.menu}-${fieldName(what, path)}`;
  const error = form.error && same(form.error.path, path) && form.error.what === what ? form.error.message : undefined;
  return (
    <div class="nav-field">
      <label for={id}>{what === 'label' ? 'Label' : 'Address'}</label>
      <input
        id={id}
        name={fieldName(what, path)}
        value={value}
        maxLength={what === 'label' ? 200 : NAV_LIMITS.url}
        placeholder={what === 'url' ? '/section or https://…' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function RowButtons({ path, count }: { path: Path; count: number }) {
  const key = path.join('-');
  const index = path[path.length - 1]!;
  const what = place(path);
  return (
    <div class="nav-row__buttons">
      <button class="button" type="submit" name="action" value={`up-${key}`} disabled={index === 0}>
        Move up<span class="visually-hidden"> {what}</span>
      </button>
      <button class="button" type="submit" name="action" value={`down-${key}`} disabled={index === count - 1}>
        Move down<span class="visually-hidden"> {what}</span>
      </button>
      <button class="button" type="submit" name="action" value={`remove-${key}`}>
        Remove<span class="visually-hidden"> {what}</span>
      </button>
    </div>
  );
}

function MenuRow({ form, row, index }: { form: MenuForm; row: Row; index: number }) {
  const childrenError = form.error?.what === 'children' && same(form.error.path, [index]) ? form.error.message : undefined;
  return (
    <li class="nav-row">
      <fieldset>
        <legend>Item {index + 1}</legend>
        <Field form={form} path={[index]} what="label" value={row.label} />
        <Field form={form} path={[index]} what="url" value={row.url} />
        <RowButtons path={[index]} count={form.rows.length} />
        {form.menu === 'header' && (
          <>
            {row.children.length > 0 && (
              <ol class="nav-rows nav-rows--sub" aria-label={`Sub-items of item ${index + 1}`}>
                {row.children.map((child, c) => (
                  <li class="nav-row">
                    <fieldset>
                      <legend>
                        Sub-item {c + 1} of item {index + 1}
                      </legend>
                      <Field form={form} path={[index, c]} what="label" value={child.label} />
                      <Field form={form} path={[index, c]} what="url" value={child.url} />
                      <RowButtons path={[index, c]} count={row.children.length} />
                    </fieldset>
                  </li>
                ))}
              </ol>
            )}
            {childrenError && <p class="field-error">{childrenError}</p>}
            <button class="button" type="submit" name="action" value={`add-child-${index}`} disabled={row.children.length >= NAV_LIMITS.children}>
              Add sub-item<span class="visually-hidden"> to item {index + 1}</span>
            </button>
          </>
        )}
      </fieldset>
    </li>
  );
}

function MenuSection({ form, edition, state }: { form: MenuForm; edition: string; state: FormState }) {
  const title = TITLES[form.menu];
  const placed = form.error?.path !== undefined || form.error?.what === 'children';
  return (
    <section class="nav-menu" aria-labelledby={`${form.menu}-title`}>
      <h2 id={`${form.menu}-title`}>{title}</h2>
      <p>
        {form.saved
          ? `Version ${form.version}, saved by ${form.saved.actor} at ${form.saved.at}.`
          : 'Not saved yet: readers see the default (the sections, or the pages and editions). Save to make it yours.'}
        {form.editing && <strong> You have changes that are not saved yet.</strong>}
      </p>
      {form.error && !placed && (
        <p class="form-error" role="alert">
          {form.error.message}
        </p>
      )}
      {form.error && placed && (
        <p class="form-error" role="alert">
          The {form.menu} menu was not saved: {form.error.message}
        </p>
      )}
      {form.theirs && (
        <div class="nav-theirs">
          <p>Saved meanwhile by {form.theirs.actor}:</p>
          <ol>
            {form.theirs.rows.map((row) => (
              <li>
                {row.label} ({row.url}){row.children.length > 0 && ` with ${row.children.map((c) => c.label).join(', ')}`}
              </li>
            ))}
          </ol>
          <p>Save again to replace theirs with yours, or reload the page to start from theirs.</p>
        </div>
      )}
      <form method="post" action={`/newsroom/navigation/${encodeURIComponent(edition)}/${form.menu}`} class="nav-form">
        <Csrf state={state} />
        <input type="hidden" name="version" value={String(form.version)} />
        {/* The first submit button is what Enter in a field presses: saving, never a move. */}
        <button class="button button--primary" type="submit" name="action" value="save">
          Save {form.menu} menu
        </button>
        <ol class="nav-rows" aria-label={`${title}: items`}>
          {form.rows.map((row, index) => (
            <MenuRow form={form} row={row} index={index} />
          ))}
        </ol>
        <button class="button" type="submit" name="action" value="add" disabled={form.rows.length >= NAV_LIMITS.items}>
          Add item<span class="visually-hidden"> to the {form.menu} menu</span>
        </button>
      </form>
    </section>
  );
}

export function NavigationPage({
  editions,
  edition,
  forms,
  state,
  notice,
}: {
  editions: { code: string; name: string }[];
  edition: string;
  forms: MenuForm[];
  state: FormState;
  notice?: string | undefined;
}) {
  const name = editions.find((e) => e.code === edition)?.name ?? edition;
  return (
    <div class="newsroom navigation-editor">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a>
      </p>
      <h1>Navigation: {name}</h1>
      <nav aria-label="Editions" class="newsroom-filters">
        {editions.map((e) => (
          <a href={`/newsroom/navigation?edition=${encodeURIComponent(e.code)}`} aria-current={e.code === edition ? 'page' : undefined}>
            {e.name}
          </a>
        ))}
      </nav>
      <p>
        Each edition has a header menu (its sections bar: items with sub-items shown in a drop-down) and a footer menu. Addresses are a path on this site
        (/politics) or an https:// address. Saving a menu changes every page at once.
      </p>
      <Notices notice={notice} />
      {forms.map((form) => (
        <MenuSection form={form} edition={edition} state={state} />
      ))}
    </div>
  );
}
