import type { ImageChangeGuard } from '../../content/index.ts';
import { assertMayChangePicture, liveArticles } from '../rights/rights.ts';
import { type StaffRole } from '../../web/roles.ts';
import { audit, type Actor } from '../../platform/audit/repository.ts';

const AUDITED = ['alt', 'caption', 'credit', 'focalX', 'focalY'] as const;

/**
 * The newsroom's rule for changing a picture: a member of staff needs the right to change
 * every live article that shows it (an Admin API token publishes, so it has that right), and
 * a change readers will see is written to the audit log, what it was and what it became.
 */
export function pictureChangeGuard(actor: Actor, role: StaffRole | null, now: Date): ImageChangeGuard {
  return {
    allow(usedBy) {
      if (role) assertMayChangePicture(role, usedBy);
    },
    async record(executor, { before, after, usedBy }) {
      const live = liveArticles(usedBy);
      if (!live.length) return;
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of AUDITED) if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
      await audit(
        executor,
        actor,
        {
          action: 'image.change',
          targetType: 'image',
          targetId: after.id,
          details: { changes, liveArticles: live.map((a) => a.headline), articleIds: live.map((a) => a.id) },
        },
        now,
      );
    },
  };
}
