import type { Executor } from '../../platform/db/database.ts';
import { audit } from '../../platform/audit/repository.ts';
import type { Actor } from '../service.ts';
import type { MenuState } from './service.ts';
import type { MenuName } from './validate.ts';

/**
 * The audit entry of a menu save, written in the save's transaction. Menus keep no history of
 * their own, so the entry carries the items saved: the log is the menu's history.
 */
export function recordMenuSave(who: Actor, edition: string, menu: MenuName) {
  return (tx: Executor, saved: MenuState): Promise<void> =>
    audit(
      tx,
      who.by ?? null,
      {
        action: 'navigation.save',
        targetType: 'navigation',
        targetId: `${edition}/${menu}`,
        details: { actor: who.actor, version: saved.version, items: saved.items },
      },
      who.now,
    );
}
