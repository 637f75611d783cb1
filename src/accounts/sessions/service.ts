import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { hashToken, isTokenShape, randomToken } from '../credentials/tokens.ts';
import type { Role } from '../../web/roles.ts';
import { judgeSession, sessionPolicy } from './policy.ts';
import { deleteSession, findSession, insertSession, touchSession, type SessionWithUser } from './repository.ts';

export interface Client {
  userAgent: string;
  /** The address, kept with the session for the reader to recognise it. */
  ip: string;
  /** The network the address belongs to (platform `networkOf`): what limits count by. */
  network: string;
}

export interface StartedSession {
  token: string;
  expiresAt: Date;
  complete: boolean;
}

/**
 * A new session for `user`, with a new token: signing in never reuses the token a browser
 * already had, so a token planted before sign-in is worthless after it.
 */
export async function startSession(
  executor: Executor,
  user: { id: string; role: Role },
  method: string,
  client: Pick<Client, 'userAgent' | 'ip'>,
  now: Date,
  complete = true,
  strong = false,
  /** Set when the session came through a link that lets it set up a first second factor. */
  enrolUntil: Date | null = null,
): Promise<StartedSession> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + sessionPolicy(user.role).absoluteMs);
  await insertSession(executor, {
    tokenHash: hashToken(token),
    id: crypto.randomUUID(),
    userId: user.id,
    complete,
    strong,
    enrolUntil,
    method,
    userAgent: client.userAgent.slice(0, 300),
    ip: client.ip.slice(0, 64),
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, expiresAt, complete };
}

/** The session a cookie names, if it is still good; expired ones are deleted on sight. */
export async function resolveSession(executor: Executor, token: string | undefined, now: Date): Promise<SessionWithUser | null> {
  if (!isTokenShape(token)) return null;
  const found = await findSession(executor, hashToken(token));
  if (!found || found.user.state === 'erased') return null;
  const verdict = judgeSession(found.session, sessionPolicy(found.user.role), now);
  if (verdict === 'expired') {
    await deleteSession(executor, found.session.tokenHash);
    return null;
  }
  if (verdict === 'valid-touch') await touchSession(executor, found.session.tokenHash, now);
  return found;
}

/** How long a session that used an invitation, set-up or enrolment link may set up a first factor. */
export const ENROLMENT_WINDOW_MS = 30 * 60 * 1000;

export const enrolmentWindow = (now: Date) => new Date(now.getTime() + ENROLMENT_WINDOW_MS);

export async function endSession(executor: Executor, token: string | undefined): Promise<void> {
  if (isTokenShape(token)) await deleteSession(executor, hashToken(token));
}
