import { AppError, invalid } from '../../platform/errors.ts';
import type { Executor } from '../../platform/db/database.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { checkDelay, clearFailures, hit, recordFailure } from '../../platform/rate-limit/service.ts';
import { checkPassword, hashPassword, needsRehash, passwordProblem } from '../credentials/passwords.ts';
import { hashToken } from '../credentials/tokens.ts';
import { consumeLink, issueLink, peekLink, voidLinks } from '../links/service.ts';
import { resetPassword, signInLink } from '../mail/messages.tsx';
import { deleteSessionsOf } from '../sessions/repository.ts';
import { startSession, type Client, type StartedSession } from '../sessions/service.ts';
import { findUserByEmailKey, findUserById, updateUser, type UserRow } from '../users/repository.ts';
import { checkEmail, emailKey } from '../users/service.ts';
import { completeRegistration } from './registration.ts';
import { limitMailTo, linkUrl, type AccountsDeps } from './deps.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';

export interface SignedIn {
  user: UserRow;
  session: StartedSession;
  returnTo: string;
}

const MISMATCH = 'The e-mail address and password do not match an account. Check both, or sign in with a link by e-mail instead.';

/** A session for a user who passed their first factor; it still needs the second when they set one up. */
async function sessionFor(executor: Executor, user: UserRow, method: string, client: Client, now: Date, firstFactorOnly: boolean) {
  return startSession(executor, user, method, client, now, !(firstFactorOnly && user.totpSecret));
}

const accountKey = (email: string) => `sign-in:account:${hashToken(emailKey(email))}`;

export async function signInWithPassword(deps: AccountsDeps, input: { email: string; password: string; returnTo: string }, client: Client): Promise<SignedIn> {
  const now = deps.now();
  const db = deps.database.db;
  if (typeof input.email !== 'string' || typeof input.password !== 'string' || !input.password) throw invalid('password', MISMATCH);
  const wait = 'Too many failed sign-ins for this address.';
  await checkDelay(db, accountKey(input.email), now, wait);
  await hit(db, `sign-in:ip:${client.network}`, { max: 30, windowSeconds: 600 }, now, 'Too many sign-in attempts from this network.');
  const user = await findUserByEmailKey(db, emailKey(input.email));
  const usable = user && user.state !== 'erased' ? user : undefined;
  const ok = await checkPassword(usable?.passwordHash, input.password);
  if (!ok || !usable) {
    await recordFailure(db, accountKey(input.email), now);
    throw invalid('password', MISMATCH);
  }
  await clearFailures(db, accountKey(input.email));
  if (needsRehash(usable.passwordHash!)) await updateUser(db, usable.id, { passwordHash: await hashPassword(input.password) }, now);
  const session = await sessionFor(db, usable, 'password', client, now, true);
  return { user: usable, session, returnTo: safeReturnTo(input.returnTo) };
}

/** Before e-mailing an address on request: a real address, and not too often to it or from this network. */
async function checkMailRequest(deps: AccountsDeps, email: string, client: Client, now: Date): Promise<void> {
  checkEmail(email);
  await hit(deps.database.db, `mail:ip:${client.network}`, { max: 20, windowSeconds: 3600 }, now, 'Too many e-mails requested from this network.');
  await limitMailTo(deps, email, now);
}

/** E-mails a sign-in link if the address has an account; the answer never says whether it does. */
export async function requestSignInLink(deps: AccountsDeps, input: { email: string; returnTo: string }, client: Client): Promise<void> {
  const now = deps.now();
  await checkMailRequest(deps, input.email, client, now);
  await deps.database.transaction(async (tx) => {
    const user = await findUserByEmailKey(tx, emailKey(input.email));
    if (!user || user.state === 'erased') return;
    const token = await issueLink(tx, { purpose: 'sign-in', email: user.email, userId: user.id, data: { returnTo: safeReturnTo(input.returnTo) } }, now);
    await queueMail(tx, signInLink({ site: deps.siteName, to: user.email, link: linkUrl(deps, token) }));
  });
}

/**
 * Uses an e-mailed link that signs in: a registration being confirmed or a sign-in link. Either
 * proves the reader holds the address. `browser`: the registration cookie this browser holds.
 */
export async function signInWithLink(deps: AccountsDeps, token: string | undefined, client: Client, browser?: string): Promise<SignedIn> {
  const now = deps.now();
  return deps.database.transaction(async (tx) => {
    const link = await consumeLink(tx, token, ['register', 'sign-in'], now);
    let user = link.purpose === 'register' ? await completeRegistration(deps, link, tx, browser) : await findUserById(tx, link.userId!);
    if (!user || user.state === 'erased') throw new AppError('gone', 'This account no longer exists.');
    if (!user.emailVerifiedAt) {
      await updateUser(tx, user.id, { emailVerifiedAt: now }, now);
      user = { ...user, emailVerifiedAt: now };
    }
    const session = await sessionFor(tx, user, link.purpose === 'register' ? 'registration' : 'email-link', client, now, true);
    return { user, session, returnTo: safeReturnTo((link.data as { returnTo?: string }).returnTo) };
  });
}

export async function requestPasswordReset(deps: AccountsDeps, input: { email: string }, client: Client): Promise<void> {
  const now = deps.now();
  await checkMailRequest(deps, input.email, client, now);
  await deps.database.transaction(async (tx) => {
    const user = await findUserByEmailKey(tx, emailKey(input.email));
    if (!user || user.state === 'erased') return;
    await voidLinks(tx, user.id, 'reset-password', now);
    const token = await issueLink(tx, { purpose: 'reset-password', email: user.email, userId: user.id }, now);
    await queueMail(tx, resetPassword({ site: deps.siteName, to: user.email, link: `${deps.publicUrl}/account/reset?token=${token}` }));
  });
}

/** Sets the new password, signs out every other browser, and signs this one in. */
export async function completePasswordReset(deps: AccountsDeps, input: { token: string | undefined; password: string }, client: Client): Promise<SignedIn> {
  const now = deps.now();
  const link = await peekLink(deps.database.db, input.token, ['reset-password'], now);
  const user = await findUserById(deps.database.db, link.userId!);
  if (!user || user.state === 'erased') throw new AppError('gone', 'This account no longer exists.');
  const problem = passwordProblem(input.password, { email: user.email, displayName: user.displayName });
  if (problem) throw invalid('password', problem);
  // Hashed outside the transaction: on the embedded database a transaction holds the only connection.
  const passwordHash = await hashPassword(input.password);
  return deps.database.transaction(async (tx) => {
    await consumeLink(tx, input.token, ['reset-password'], now);
    await updateUser(tx, user.id, { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? now }, now);
    await deleteSessionsOf(tx, user.id);
    const session = await sessionFor(tx, user, 'password-reset', client, now, true);
    return { user, session, returnTo: '/account' };
  });
}
