import crypto from 'node:crypto';
import { desc, lt } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/access.ts';
import { auditEvents } from '../tables.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Records what `actor` did, in the caller's transaction when there is one. */
export async function audit(executor: Executor, actor: Principal | null, entry: AuditEntry, now: Date): Promise<void> {
  await executor.insert(auditEvents).values({
    id: crypto.randomUUID(),
    at: now,
    actorKind: actor?.kind ?? 'system',
    actorId: actor?.id ?? null,
    actorName: actor?.name ?? 'system',
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  });
}

/** Newest first, a page at a time (before = the `at` of the last event shown). */
export async function listAudit(executor: Executor, options: { before?: Date; limit: number }) {
  const query = executor.select().from(auditEvents);
  return (options.before ? query.where(lt(auditEvents.at, options.before)) : query).orderBy(desc(auditEvents.at)).limit(options.limit);
}
