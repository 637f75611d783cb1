import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../db/database.ts';
import type { Principal } from '../http/access.ts';
import { auditEvents } from './tables.ts';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Who acted: a signed-in person, an Admin API token, or (null) the system itself. */
export type Actor = Pick<Principal, 'kind' | 'id' | 'name'>;

/** Whom an entry names: an actor, or one known only by a recorded name (`recordedActor`: no id). */
export type LoggedActor = Actor | (Omit<Actor, 'id'> & { id: null });

/**
 * The actor an `account:NAME` or `token:NAME` record names, for work done later on someone's
 * behalf (a scheduled publish): the kind and name, as the log reads article revisions; null
 * for anything else (the system).
 */
export function recordedActor(actor: string): LoggedActor | null {
  const match = /^(account|token):(.+)$/s.exec(actor);
  if (!match) return null;
  return { kind: match[1] === 'account' ? 'account' : 'api-token', id: null, name: match[2]! };
}

/** Records what `actor` did, in the caller's transaction when there is one. */
export async function audit(executor: Executor, actor: LoggedActor | null, entry: AuditEntry, now: Date): Promise<void> {
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

export interface AuditRow {
  at: Date;
  actorKind: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/**
 * Newest first, a page at a time (`before` = the time of the last event shown). Article
 * changes come from the revisions every article write records (who, what, which version), so
 * the log and the articles' histories never disagree; everything else from `audit_events`.
 */
export async function listAudit(executor: Executor, options: { before?: Date; limit: number }): Promise<AuditRow[]> {
  const before = options.before ? sql`where at < ${options.before.toISOString()}::timestamptz` : sql``;
  const found = await rows<{
    at: Date | string;
    actor_kind: string;
    actor_name: string;
    action: string;
    target_type: string;
    target_id: string | null;
    details: Record<string, unknown>;
  }>(
    executor,
    sql`select * from (
          select at, actor_kind, actor_name, action, target_type, target_id, details from audit_events
          union all
          select r.created_at as at,
                 case when r.actor like 'token:%' then 'api-token' when r.actor like 'account:%' then 'account' else 'system' end as actor_kind,
                 regexp_replace(r.actor, '^(token|account):', '') as actor_name,
                 'article.' || r.action as action, 'article' as target_type, r.article_id::text as target_id,
                 jsonb_build_object('headline', r.snapshot->>'headline', 'version', r.version) as details
          from article_revisions r
        ) log ${before}
        order by at desc limit ${options.limit}`,
  );
  return found.map((r) => ({
    at: new Date(r.at),
    actorKind: r.actor_kind,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
  }));
}
