/**
 * An edition's menus: the header's sections bar (top-level items with their sub-items) and the
 * footer's links. Pure types, shared by the newsroom's editor and the site's layout.
 */
export interface NavItem {
  label: string;
  /** A path on this site (`/politics`, `/info/about`) or an absolute https address. */
  url: string;
  /** Sub-items, one level deep (header only). */
  children?: NavItem[];
}

export const NAV_LIMITS = { items: 16, children: 12, label: 40, url: 500 } as const;
