import type { Role } from '../../web/roles.ts';

/**
 * How long a signed-in browser stays signed in. Readers keep a session for months (signing in
 * again to comment is friction news sites lose readers to); staff, who can publish, for days.
 * Pure, so the rule is tested on its own.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

const DAY = 24 * 60 * 60 * 1000;

export function sessionPolicy(role: Role): SessionPolicy {
  return role === 'reader' ? { idleMs: 30 * DAY, absoluteMs: 180 * DAY } : { idleMs: 1 * DAY, absoluteMs: 14 * DAY };
}

/** Last-seen times are written at most this often, so reading pages does not write on every request. */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export type SessionVerdict = 'valid' | 'valid-touch' | 'expired';

/** Pure: whether a session is still good at `now`, and whether its last-seen time is worth writing. */
export function judgeSession(session: { lastSeenAt: Date; expiresAt: Date }, policy: SessionPolicy, now: Date): SessionVerdict {
  if (now >= session.expiresAt) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() > policy.idleMs) return 'expired';
  return now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS ? 'valid-touch' : 'valid';
}
