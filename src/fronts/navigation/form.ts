import { NAV_LIMITS } from '../navigation-model.ts';
import type { NavItemInput } from './validate.ts';

/**
 * The navigation page's form, which works without JavaScript: every row is a pair of fields
 * named by its place (`label-2`, `url-2`; a sub-item `label-2-0`), and every button is a
 * submit button naming what it does (`up-2`, `remove-2-0`, `add-child-2`, `add`, `save`).
 * Editing buttons re-render the form with the change and save nothing; only `save` saves.
 */
export interface Row {
  label: string;
  url: string;
  children: Row[];
}

export type Path = [number] | [number, number];

export type Action = { kind: 'save' } | { kind: 'add' } | { kind: 'add-child'; index: number } | { kind: 'remove' | 'up' | 'down'; path: Path };

/** The field names a row's label and address use. */
export const fieldName = (what: 'label' | 'url', path: Path) => `${what}-${path.join('-')}`;

/** Form fields this page reads besides the kit's: rows, the version and the button pressed. */
export const ROW_FIELD = /^(label|url)-(\d{1,2})(?:-(\d{1,2}))?$/;

/** The rows as the form sent them, in order; a missing half of a row is an empty field. */
export function rowsFromForm(form: Record<string, string | undefined>): Row[] {
  const rows: Row[] = [];
  const at = (index: number) => (rows[index] ??= { label: '', url: '', children: [] });
  for (const [key, value] of Object.entries(form)) {
    const match = ROW_FIELD.exec(key);
    if (!match || value === undefined) continue;
    const what = match[1] as 'label' | 'url';
    const row = at(Number(match[2]));
    const target = match[3] === undefined ? row : (row.children[Number(match[3])] ??= { label: '', url: '', children: [] });
    target[what] = value;
  }
  // Indices the form skipped (none in a form this page rendered) leave no holes.
  return rows.filter(Boolean).map((row) => ({ ...row, children: row.children.filter(Boolean) }));
}

/** The button pressed, or null when the form named none this page offers. */
export function parseAction(value: string | undefined): Action | null {
  if (value === 'save' || value === 'add') return { kind: value };
  const match = /^(add-child|remove|up|down)-(\d{1,2})(?:-(\d{1,2}))?$/.exec(value ?? '');
  if (!match) return null;
  const index = Number(match[2]);
  if (match[1] === 'add-child') return match[3] === undefined ? { kind: 'add-child', index } : null;
  const path: Path = match[3] === undefined ? [index] : [index, Number(match[3])];
  return { kind: match[1] as 'remove' | 'up' | 'down', path };
}

const blank = (): Row => ({ label: '', url: '', children: [] });

function move<T>(list: T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return list;
  const copy = [...list];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

/** The rows after an editing button; an action on a row that is not there changes nothing. */
export function applyAction(rows: Row[], action: Exclude<Action, { kind: 'save' }>): Row[] {
  if (action.kind === 'add') return rows.length < NAV_LIMITS.items ? [...rows, blank()] : rows;
  if (action.kind === 'add-child') {
    return rows.map((row, i) => (i === action.index && row.children.length < NAV_LIMITS.children ? { ...row, children: [...row.children, blank()] } : row));
  }
  const [index, child] = action.path;
  if (child === undefined) {
    if (action.kind === 'remove') return rows.filter((_, i) => i !== index);
    return move(rows, index, action.kind === 'up' ? -1 : 1);
  }
  return rows.map((row, i) => {
    if (i !== index) return row;
    if (action.kind === 'remove') return { ...row, children: row.children.filter((_, c) => c !== child) };
    return { ...row, children: move(row.children, child, action.kind === 'up' ? -1 : 1) };
  });
}

const isBlank = (row: Row) => row.label === '' && row.url === '';

/** Rows left empty (an added row never filled in) are dropped; the rest is checked as typed. */
export function rowsToSave(rows: Row[]): Row[] {
  return rows
    .filter((row) => !isBlank(row) || row.children.some((c) => !isBlank(c)))
    .map((row) => ({ ...row, children: row.children.filter((c) => !isBlank(c)) }));
}

export const toInput = (rows: Row[]): NavItemInput[] =>
  rows.map((row) => (row.children.length > 0 ? { label: row.label, url: row.url, children: toInput(row.children) } : { label: row.label, url: row.url }));

export const toRows = (items: readonly { label: string; url: string; children?: readonly { label: string; url: string }[] | undefined }[]): Row[] =>
  items.map((item) => ({ label: item.label, url: item.url, children: toRows(item.children ?? []) }));

/** The row path a service error's field names (`items[2].children[0].url`), with which field. */
export function errorPlace(field: string | undefined): { path: Path; what: 'label' | 'url' | 'children' } | null {
  const match = /^items\[(\d+)\](?:\.children\[(\d+)\])?\.(label|url|children)$/.exec(field ?? '');
  if (!match) return null;
  const path: Path = match[2] === undefined ? [Number(match[1])] : [Number(match[1]), Number(match[2])];
  return { path, what: match[3] as 'label' | 'url' | 'children' };
}
