/** A link in a menu: a label, an address, and (header only) one level of sub-links. */
export interface MenuLink {
  label: string;
  url: string;
  children?: MenuLink[];
}

/** What every page of the reader site knows besides its own content. */
export interface EditionView {
  code: string;
  name: string;
  locale: string;
  timeZone: string;
  url: string;
  /** The edition's header (sections bar) and footer menus; absent, the header lists `SiteView.nav`. */
  menus?: { header: MenuLink[]; footer: MenuLink[] };
}

/**
 * The path an edition's own addresses start with (`/us`, as in `/us/search` and `/us/info/about`);
 * the default edition, the first, has none. The one statement of that rule.
 */
export const editionPrefix = (site: { editions: readonly { code: string }[] }, code: string): string => (code === site.editions[0]?.code ? '' : `/${code}`);

/** The search of the edition a reader is in (`/search`, `/us/search`), so its page keeps the reader's menus. */
export const searchPath = (site: { editions: readonly { code: string }[] }, edition: string) => `${editionPrefix(site, edition)}/search`;

/** The edition whose addresses carry no prefix. */
export const defaultEditionOf = <E extends { code: string }>(site: { editions: readonly E[] }): E | undefined =>
  site.editions.find((e) => !editionPrefix(site, e.code));

/** The editions whose addresses carry a prefix: every one but the default. */
export const prefixedEditions = <E extends { code: string }>(site: { editions: readonly E[] }): E[] => site.editions.slice(1);

export interface SiteView {
  name: string;
  publicUrl: string;
  editions: EditionView[];
  /** Top-level sections, for the navigation bar. */
  nav: { slug: string; name: string; url: string }[];
  /** The site's own published pages (about, privacy notice...), for footers and policy links. */
  pages: { slug: string; title: string; url: string }[];
  assets: { css: string; loader: string; newsroomLoader: string; newsroomCss: string; logo: string };
}

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  /** Other editions' versions of this page, for `<link rel=alternate hreflang>`. */
  alternates?: { hreflang: string; href: string }[];
  robots?: string;
  openGraph?: {
    type: 'article' | 'website';
    image?: { url: string; width: number; height: number; alt: string } | undefined;
    publishedTime?: string;
    modifiedTime?: string;
  };
  jsonLd?: object;
  feeds?: { title: string; href: string; type: 'rss' | 'json' }[];
  /** The neighbouring pages of a paginated page, for `<link rel=prev/next>`. */
  pagination?: { prev?: string | undefined; next?: string | undefined };
  /** Whether the page has islands to hydrate (loads the island loader). */
  islands?: boolean;
  /** Newsroom pages load the newsroom's stylesheet and loader (which also knows the editor's islands). */
  loader?: 'newsroom';
}
