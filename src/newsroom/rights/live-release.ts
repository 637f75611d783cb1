import type { LiveEntryStatus } from '../../content/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { StaffRole } from '../../web/roles.ts';
import { mayOnEntry, releaseFor } from './live-rights.ts';

/**
 * Whether a role may send an entry on as asked: publishing a held or scheduled entry and any
 * schedule are an editor's; publishing a draft is the writer's when the blog lets them (else
 * they hold it for an editor); holding one's own draft is anyone's.
 */
export function mayRelease(
  role: StaffRole,
  as: 'publish' | 'hold' | 'schedule',
  entry: { status: LiveEntryStatus; own: boolean },
  holdEntries: boolean,
): boolean {
  const editor = mayOnEntry(role, 'publish-held', entry);
  if (editor) return true;
  if (!entry.own || entry.status !== 'draft') return false;
  if (as === 'hold') return true;
  if (as === 'schedule') return false;
  return releaseFor(role, holdEntries) === 'publish';
}

export function assertMayRelease(role: StaffRole, as: 'publish' | 'hold' | 'schedule', entry: { status: LiveEntryStatus; own: boolean }, holdEntries: boolean) {
  if (mayRelease(role, as, entry, holdEntries)) return;
  const what =
    as === 'publish' && entry.own && entry.status === 'draft'
      ? 'publish on this live blog: send the entry to an editor'
      : as === 'schedule'
        ? 'schedule entries; ask an editor'
        : 'send this entry on; ask an editor';
  throw new AppError('forbidden', `As ${role === 'admin' || role === 'editor' ? 'an ' : 'a '}${role} you cannot ${what}.`);
}
