import type { NavItem } from '../navigation-model.ts';
import { NAV_LIMITS } from '../navigation-model.ts';
import { editionPrefix } from '../../web/document/model.ts';
import type { MenuName } from './validate.ts';

/** What the default menus are made of: the section tree, the site's own pages, the editions. */
export interface MenuSources {
  /** Every section, in the site's order; `parentId` null for a top-level one. */
  sections: { id: string; name: string; url: string; parentId: string | null }[];
  /** The site's own published pages (about, privacy notice...). */
  pages: { title: string; url: string }[];
  /** In the site's order: the first is the default edition, whose pages need no prefix. */
  editions: { code: string; name: string; url: string }[];
}

/**
 * The menus an edition has before an editor saves one, so the site never shows an empty
 * header: the header lists the top-level sections in order with their subsections as
 * sub-items; the footer links the site's own pages, then each edition. Capped at NAV_LIMITS
 * like a saved menu, so both render the same way. The footer's pages open in `edition` (a US
 * reader's about page is `/us/info/about`, with the US menus); the default edition's have no prefix.
 */
export function defaultMenus(sources: MenuSources, edition: string): Record<MenuName, NavItem[]> {
  const pagePrefix = editionPrefix(sources, edition);
  const header = sources.sections
    .filter((s) => !s.parentId)
    .slice(0, NAV_LIMITS.items)
    .map((top): NavItem => {
      const children = sources.sections
        .filter((s) => s.parentId === top.id)
        .slice(0, NAV_LIMITS.children)
        .map((s) => ({ label: s.name, url: s.url }));
      return children.length > 0 ? { label: top.name, url: top.url, children } : { label: top.name, url: top.url };
    });
  const footer = [
    ...sources.pages.map((p) => ({ label: p.title, url: `${pagePrefix}${p.url}` })),
    ...sources.editions.map((e) => ({ label: e.name, url: e.url })),
  ].slice(0, NAV_LIMITS.items);
  return { header, footer };
}
