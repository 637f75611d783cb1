import { AppError } from '../../platform/errors.ts';
import { graphemeCount, isName } from '../../platform/text.ts';
import { NAV_LIMITS, type NavItem } from '../navigation-model.ts';

/** The two menus an edition has: the header's sections bar and the footer's links. */
export const MENU_NAMES = ['header', 'footer'] as const;
export type MenuName = (typeof MENU_NAMES)[number];

export const isMenuName = (value: string): value is MenuName => (MENU_NAMES as readonly string[]).includes(value);

/** What a menu item may be before it is checked: what a form or an API client sent. */
export interface NavItemInput {
  label: string;
  url: string;
  children?: readonly NavSubItemInput[] | undefined;
}

/** A sub-item as sent; any sub-items of its own are refused (menus go one level deep). */
export interface NavSubItemInput {
  label: string;
  url: string;
  children?: readonly unknown[] | undefined;
}

/**
 * Why an address cannot go in a menu, or null when it can. Two kinds are allowed: a path on
 * this site (one leading `/`; `//host` is another site in disguise) and an absolute `https://`
 * address with a host. Everything else is refused rather than repaired: `javascript:`,
 * `data:`, `http:`, `mailto:`, a backslash (browsers read `/\host` as `//host`), spaces and
 * control characters (which hide a scheme), and credentials in the address (`https://bank@evil`).
 */
export function urlProblem(url: string): string | null {
  if (url === '') return 'An address is required.';
  if (url.length > NAV_LIMITS.url) return `An address must be at most ${NAV_LIMITS.url} characters.`;
  // Any whitespace, control or invisible formatting character, and the backslash.
  if (/[\s\p{Cc}\p{Cf}\\]/u.test(url)) return 'An address must not contain spaces, control characters or backslashes.';
  if (url.startsWith('/')) return url.startsWith('//') ? 'An address starting with // leads to another site; write it as https://…' : null;
  if (!/^https:\/\//i.test(url)) return 'An address must be a path on this site (starting with /) or an https:// address.';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'This https:// address is not a valid web address.';
  }
  if (parsed.protocol !== 'https:' || !parsed.hostname) return 'This https:// address has no host.';
  if (parsed.username || parsed.password) return 'An address must not carry a user name or password.';
  return null;
}

/** Why a label cannot be shown, or null when it can. Labels are stored exactly as typed. */
export function labelProblem(label: string): string | null {
  if (!isName(label)) return 'A label must be one line of visible text, without control characters, line breaks, direction overrides or invisible spaces.';
  if (graphemeCount(label) > NAV_LIMITS.label) return `A label must be at most ${NAV_LIMITS.label} characters.`;
  return null;
}

const refuse = (field: string, message: string) => new AppError('bad_request', message, field);

/**
 * A menu as it will be stored, or a 400 naming the first field that is wrong: every label
 * shows something, every address is safe to follow, no more items than NAV_LIMITS allows,
 * and sub-items only in the header and only one level deep. Nothing is trimmed or rewritten:
 * what the editor typed is what readers see (as text).
 */
export function validateMenu(menu: MenuName, items: readonly NavItemInput[]): NavItem[] {
  if (items.length > NAV_LIMITS.items) throw refuse('items', `A menu may have at most ${NAV_LIMITS.items} items.`);
  return items.map((item, index) => {
    const field = `items[${index}]`;
    const checked = checkItem(item, field);
    const children = item.children ?? [];
    if (children.length === 0) return checked;
    if (menu !== 'header') throw refuse(`${field}.children`, 'Only the header menu has sub-items.');
    if (children.length > NAV_LIMITS.children) throw refuse(`${field}.children`, `An item may have at most ${NAV_LIMITS.children} sub-items.`);
    return {
      ...checked,
      children: children.map((child, childIndex) => {
        const childField = `${field}.children[${childIndex}]`;
        if (child.children && child.children.length > 0)
          throw refuse(`${childField}.children`, 'Sub-items cannot have sub-items of their own: menus go one level deep.');
        return checkItem(child, childField);
      }),
    };
  });
}

function checkItem(item: NavSubItemInput, field: string): NavItem {
  const label = labelProblem(item.label);
  if (label) throw refuse(`${field}.label`, label);
  const url = urlProblem(item.url);
  if (url) throw refuse(`${field}.url`, url);
  return { label: item.label, url: item.url };
}
