import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { preparedRows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { sessions, type AccountState } from '../tables.ts';
import { type Role } from '../../web/roles.ts';
import { toDate as date } from '../../platform/db/values.ts';

export type SessionRow = typeof sessions.$inferSelect;

export interface SessionWithUser {
  session: Pick<SessionRow, 'id' | 'tokenHash' | 'userId' | 'complete' | 'strong' | 'method' | 'lastSeenAt' | 'expiresAt' | 'createdAt'>;
  user: {
    id: string;
    email: string;
    displayName: string;
    role: Role;
    state: AccountState;
    avatarKey: string | null;
    emailVerifiedAt: Date | null;
    createdAt: Date;
    hasTotp: boolean;
    hasPasskey: boolean;
  };
}

/** One indexed read per request that carries a session cookie: /api/me and every signed-in page. */
export async function findSession(executor: Executor, tokenHash: string): Promise<SessionWithUser | undefined> {
  const [row] = await preparedRows<SqlRow>(
    executor,
    sql`select s.id, s.token_hash, s.user_id, s.complete, s.strong, s.method, s.last_seen_at, s.expires_at, s.created_at,
               u.email, u.display_name, u.role, u.state, u.avatar_key, u.email_verified_at, u.created_at as user_created_at, u.totp_secret is not null as has_totp,
               exists (select 1 from passkeys p where p.user_id = u.id) as has_passkey
        from sessions s join users u on u.id = s.user_id
        where s.token_hash = ${tokenHash}`,
  );
  if (!row) return undefined;
  return {
    session: {
      id: row.id,
      tokenHash: row.token_hash,
      userId: row.user_id,
      complete: row.complete,
      strong: row.strong,
      method: row.method,
      lastSeenAt: date(row.last_seen_at),
      expiresAt: date(row.expires_at),
      createdAt: date(row.created_at),
    },
    user: {
      id: row.user_id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      state: row.state,
      avatarKey: row.avatar_key,
      emailVerifiedAt: row.email_verified_at ? date(row.email_verified_at) : null,
      createdAt: date(row.user_created_at),
      hasTotp: row.has_totp,
      hasPasskey: row.has_passkey,
    },
  };
}

export async function insertSession(executor: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await executor.insert(sessions).values(row);
}

export async function touchSession(executor: Executor, tokenHash: string, now: Date): Promise<void> {
  await executor.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

/** The second factor was given: the session is complete, and strong. */
export async function completeSession(executor: Executor, tokenHash: string): Promise<void> {
  await executor.update(sessions).set({ complete: true, strong: true }).where(eq(sessions.tokenHash, tokenHash));
}

/** Marks a session strong (it set up the account's first factor); the right to set one up is spent. */
export async function strengthenSession(executor: Executor, tokenHash: string): Promise<void> {
  await executor.update(sessions).set({ strong: true, enrolUntil: null }).where(eq(sessions.tokenHash, tokenHash));
}

/** What a session proved, read fresh for a change of factors. */
export async function findSessionProof(executor: Executor, tokenHash: string): Promise<{ strong: boolean; enrolUntil: Date | null } | undefined> {
  const [row] = await executor.select({ strong: sessions.strong, enrolUntil: sessions.enrolUntil }).from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

/** Lets a session set up the account's first second factor until `until` (it used an enrolment link). */
export async function grantEnrolment(executor: Executor, tokenHash: string, until: Date): Promise<void> {
  await executor.update(sessions).set({ enrolUntil: until }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(executor: Executor, tokenHash: string): Promise<void> {
  await executor.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSessionById(executor: Executor, userId: string, id: string): Promise<number> {
  const gone = await executor
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
    .returning({ id: sessions.id });
  return gone.length;
}

/** Every session of the account, or every one but `keepTokenHash`. */
export async function deleteSessionsOf(executor: Executor, userId: string, keepTokenHash?: string): Promise<number> {
  const where = keepTokenHash ? and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${keepTokenHash}`) : eq(sessions.userId, userId);
  const gone = await executor.delete(sessions).where(where).returning({ id: sessions.id });
  return gone.length;
}

export async function listSessions(executor: Executor, userId: string) {
  return executor
    .select({
      id: sessions.id,
      tokenHash: sessions.tokenHash,
      method: sessions.method,
      userAgent: sessions.userAgent,
      ip: sessions.ip,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.complete, true)))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function deleteExpiredSessions(executor: Executor, now: Date): Promise<void> {
  await executor.delete(sessions).where(lt(sessions.expiresAt, now));
}
