import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import type { NavItem } from '../navigation-model.ts';
import type { MenuName } from './validate.ts';

/** A menu as saved: its items whole, with the version a save must name and who saved it. */
export interface SavedMenu {
  menu: MenuName;
  items: NavItem[];
  version: number;
  actor: string;
  savedAt: Date;
}

type MenuRow = Omit<SavedMenu, 'savedAt'> & { savedAt: Date | string };
const toMenu = (row: MenuRow): SavedMenu => ({ ...row, savedAt: new Date(row.savedAt) });

/** The edition's saved menus (none, one or both). */
export async function readSavedMenus(executor: Executor, edition: string): Promise<SavedMenu[]> {
  const found = await rows<MenuRow>(
    executor,
    sql`select menu, items, version, actor, updated_at as "savedAt" from navigation_menus where edition = ${edition} order by menu`,
  );
  return found.map(toMenu);
}

/** Every edition's saved menus at once, for the site's directory. */
export async function readAllSavedMenus(executor: Executor): Promise<(SavedMenu & { edition: string })[]> {
  const found = await rows<MenuRow & { edition: string }>(
    executor,
    sql`select edition, menu, items, version, actor, updated_at as "savedAt" from navigation_menus order by edition, menu`,
  );
  return found.map((row) => ({ ...toMenu(row), edition: row.edition }));
}

/**
 * Saves a menu whole if it is still at `version` (0: never saved). Returns the saved menu, or
 * null when someone else saved first (the caller reads theirs and reports the conflict).
 */
export async function writeMenu(
  executor: Executor,
  edition: string,
  menu: MenuName,
  items: NavItem[],
  version: number,
  actor: string,
  now: Date,
): Promise<SavedMenu | null> {
  const json = JSON.stringify(items);
  const [row] =
    version === 0
      ? await rows<MenuRow>(
          executor,
          sql`insert into navigation_menus (edition, menu, items, version, actor, updated_at)
              values (${edition}, ${menu}, ${json}::jsonb, 1, ${actor}, ${now.toISOString()}::timestamptz)
              on conflict (edition, menu) do nothing
              returning menu, items, version, actor, updated_at as "savedAt"`,
        )
      : await rows<MenuRow>(
          executor,
          sql`update navigation_menus set items = ${json}::jsonb, version = version + 1, actor = ${actor}, updated_at = ${now.toISOString()}::timestamptz
              where edition = ${edition} and menu = ${menu} and version = ${version}
              returning menu, items, version, actor, updated_at as "savedAt"`,
        );
  return row ? toMenu(row) : null;
}
