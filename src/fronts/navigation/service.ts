import { changeEverything, listEditions, listSections, sitePages, type ContentDeps, type EditionRow, type SectionRow, type Urls } from '../../content/index.ts';
import { audit } from '../../platform/audit/repository.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import type { NavItem } from '../navigation-model.ts';
import type { Actor } from '../service.ts';
import { defaultMenus, type MenuSources } from './defaults.ts';
import { readAllSavedMenus, readSavedMenus, writeMenu, type SavedMenu } from './repository.ts';
import { MENU_NAMES, validateMenu, type MenuName, type NavItemInput } from './validate.ts';

/** A menu as the newsroom and the APIs show it: saved, or the default with version 0. */
export interface MenuState {
  items: NavItem[];
  /** 0 while the menu was never saved (it shows the default); a save names the version it edited. */
  version: number;
  actor: string | null;
  savedAt: Date | null;
}

export type EditionMenus = Record<MenuName, MenuState>;

/** The site's own pages as the default footer links them (absolute or site paths). */
export type PageLinks = { title: string; url: string }[];

/** An address on this site as a path (`/politics`), so menus work on any host the site answers on. */
function sitePath(url: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, '');
  if (url === base) return '/';
  return url.startsWith(`${base}/`) ? url.slice(base.length) : url;
}

/** The default menus' ingredients from what content reads (the site's directory has them at hand). */
export function menuSources(sections: SectionRow[], editions: EditionRow[], pages: PageLinks, urls: Urls, publicUrl: string): MenuSources {
  return {
    sections: sections.map((s) => ({ id: s.id, name: s.name, url: sitePath(urls.section(s.slug), publicUrl), parentId: s.parentId })),
    pages: pages.map((p) => ({ title: p.title, url: sitePath(p.url, publicUrl) })),
    editions: editions.map((e) => ({ code: e.code, name: e.name, url: `/${e.code}` })),
  };
}

function stateOf(saved: SavedMenu | undefined, fallback: NavItem[]): MenuState {
  return saved
    ? { items: saved.items, version: saved.version, actor: saved.actor, savedAt: saved.savedAt }
    : { items: fallback, version: 0, actor: null, savedAt: null };
}

export interface ReadDeps {
  db: Executor;
  urls: Urls;
  publicUrl: string;
}

async function requireEdition(executor: Executor, edition: string): Promise<EditionRow[]> {
  const editions = await listEditions(executor);
  if (!editions.some((e) => e.code === edition)) throw new AppError('not_found', `There is no edition "${edition}".`);
  return editions;
}

/** The site's published pages, which the default footer links, read through content's front door. */
async function publishedPageLinks(deps: ReadDeps): Promise<PageLinks> {
  return (await sitePages.listPublishedPageLinks(deps.db)).map((p) => ({ title: p.title, url: deps.urls.page(p.slug) }));
}

/** An edition's header and footer menus, saved or default; 404 for an unknown edition. */
export async function readEditionMenus(deps: ReadDeps, edition: string): Promise<EditionMenus> {
  const editions = await requireEdition(deps.db, edition);
  const [saved, sections, pages] = await Promise.all([readSavedMenus(deps.db, edition), listSections(deps.db), publishedPageLinks(deps)]);
  const defaults = defaultMenus(menuSources(sections, editions, pages, deps.urls, deps.publicUrl), edition);
  const find = (menu: MenuName) => saved.find((m) => m.menu === menu);
  return { header: stateOf(find('header'), defaults.header), footer: stateOf(find('footer'), defaults.footer) };
}

/** A menu with every site path made an absolute address on `publicUrl`, for apps (the Content API). */
export function absoluteMenu(items: NavItem[], publicUrl: string): NavItem[] {
  const base = publicUrl.replace(/\/$/, '');
  return items.map((item) => ({
    ...item,
    url: item.url.startsWith('/') && !item.url.startsWith('//') ? `${base}${item.url}` : item.url,
    ...(item.children ? { children: absoluteMenu(item.children, publicUrl) } : {}),
  }));
}

/**
 * Every edition's menus' items, for the reader site: one query for what was saved, the
 * defaults from the section tree and pages the caller already read.
 */
export async function siteMenus(executor: Executor, sources: MenuSources, editionCodes: string[]): Promise<Map<string, Record<MenuName, NavItem[]>>> {
  const saved = await readAllSavedMenus(executor);
  const menus = new Map<string, Record<MenuName, NavItem[]>>();
  for (const code of editionCodes) {
    const defaults = defaultMenus(sources, code);
    const of = (menu: MenuName) => saved.find((m) => m.edition === code && m.menu === menu)?.items ?? defaults[menu];
    menus.set(code, { header: of('header'), footer: of('footer') });
  }
  return menus;
}

export interface SaveMenu {
  edition: string;
  menu: MenuName;
  items: NavItemInput[];
  /** The version the editor started from (0 when the menu showed the default). */
  version: number;
}

/**
 * The audit entry of a menu save, in the save's transaction. Menus keep no history of their
 * own, so the entry carries the items saved: the log is the menu's history.
 */
function auditMenuSave(tx: Executor, who: Actor, input: SaveMenu, saved: SavedMenu): Promise<void> {
  const details = { actor: who.actor, version: saved.version, items: saved.items };
  return audit(tx, who.by ?? null, { action: 'navigation.save', targetType: 'navigation', targetId: `${input.edition}/${input.menu}`, details }, who.now);
}

/**
 * Saves one menu whole, as `who`. Checked before anything is written (a 400 names the field);
 * a stale version is a 409 carrying both menus so the editor can compare; the audit entry is
 * written in the same transaction as the menu; after the commit every page is told it may
 * have changed (every reader page shows the menus).
 */
export async function saveMenu(deps: ContentDeps, input: SaveMenu, who: Actor): Promise<MenuState> {
  const items = validateMenu(input.menu, input.items);
  if (!Number.isInteger(input.version) || input.version < 0) throw new AppError('bad_request', 'The version must be a whole number, 0 or more.', 'version');
  await requireEdition(deps.database.db, input.edition);
  const saved = await changeEverything(deps, async (tx) => {
    const written = await writeMenu(tx, input.edition, input.menu, items, input.version, who.actor, who.now);
    if (written) {
      await auditMenuSave(tx, who, input, written);
      return written;
    }
    const theirs = (await readSavedMenus(tx, input.edition)).find((m) => m.menu === input.menu);
    throw conflict(
      `The ${input.menu} menu was changed since you opened it${theirs ? ` (now version ${theirs.version}, saved by ${theirs.actor})` : ''}: yours was not saved. Compare both and save again.`,
      'version',
      {
        yours: { items, version: input.version },
        theirs: theirs ? { items: theirs.items, version: theirs.version, actor: theirs.actor, savedAt: theirs.savedAt.toISOString() } : null,
      },
    );
  });
  return stateOf(saved, []);
}

export { MENU_NAMES };
