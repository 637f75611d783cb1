import type { Executor } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { checkTotp } from '../credentials/totp.ts';
import type { AccountsDeps } from '../flows/deps.ts';
import { factorChanged } from '../mail/messages.tsx';
import { hasPasskey, registrationOptions, removePasskey, storePasskey, verifyNewPasskey } from '../passkeys/service.ts';
import { deleteSessionsOf, findSessionProof, strengthenSession } from '../sessions/repository.ts';
import { findUserById, updateUser, type UserRow } from '../users/repository.ts';
import { FACTOR_REFUSALS, judgeFactorChange, type FactorChange } from './rules.ts';

/**
 * Adding, replacing and removing second factors (authenticator app, passkeys), each one checked
 * against the rule in rules.ts with what this session proved, read fresh from the database.
 * Every change e-mails the owner and signs out the account's other browsers, in the same
 * transaction as the change.
 */

/** The account and the session asking: from the signed-in principal. */
export interface FactorCaller {
  userId: string;
  tokenHash: string;
}

const WHAT: Record<FactorChange, string> = {
  'add-app': 'An authenticator app was set up',
  'replace-app': 'Your authenticator app was replaced',
  'remove-app': 'Your authenticator app was turned off',
  'add-passkey': 'A passkey was added',
  'remove-passkey': 'A passkey was removed',
};

async function account(executor: Executor, userId: string): Promise<UserRow> {
  const user = await findUserById(executor, userId);
  if (!user || user.state === 'erased') throw new AppError('not_found', 'This account no longer exists.');
  return user;
}

/** Throws what the change still needs, or says whether it makes this session strong. */
async function authorise(deps: AccountsDeps, caller: FactorCaller, user: UserRow, change: FactorChange, appCode: boolean): Promise<{ strengthens: boolean }> {
  const db = deps.database.db;
  const session = await findSessionProof(db, caller.tokenHash);
  if (!session) throw new AppError('unauthorized', 'Sign in to do this.');
  const verdict = judgeFactorChange(
    change,
    { role: user.role, hasApp: !!user.totpSecret, hasPasskey: await hasPasskey(db, user.id) },
    { strongSession: session.strong, enrolmentGrant: !!session.enrolUntil && session.enrolUntil > deps.now(), appCode },
  );
  if (verdict.allowed) return { strengthens: verdict.strengthens };
  if (verdict.needs === 'app-code') throw invalid(change === 'replace-app' ? 'current' : 'code', FACTOR_REFUSALS['app-code']);
  throw new AppError('forbidden', FACTOR_REFUSALS[verdict.needs]);
}

/** The rest of every change: other browsers signed out, this one strong if it set up a first factor, the owner told. */
async function record(tx: Executor, deps: AccountsDeps, caller: FactorCaller, user: UserRow, change: FactorChange, strengthens: boolean): Promise<void> {
  await deleteSessionsOf(tx, user.id, caller.tokenHash);
  if (strengthens) await strengthenSession(tx, caller.tokenHash);
  await queueMail(tx, factorChanged({ site: deps.siteName, to: user.email, what: WHAT[change], account: `${deps.publicUrl}/account#two-step` }));
}

/**
 * Checks a code from the account's current app, when one was typed, and spends it. False when
 * none was typed; a wrong one is refused outright.
 */
async function proveApp(deps: AccountsDeps, user: UserRow, code: unknown, field: string): Promise<boolean> {
  if (!user.totpSecret || typeof code !== 'string' || !code.trim()) return false;
  const now = deps.now();
  await hit(deps.database.db, `totp:${user.id}`, { max: 10, windowSeconds: 600 }, now, 'Too many codes tried.');
  const step = checkTotp(user.totpSecret, code, now, user.totpLastStep);
  if (step === null) throw invalid(field, 'That code is not right, or was already used. Try the newest one.');
  await updateUser(deps.database.db, user.id, { totpLastStep: step }, now);
  return true;
}

/**
 * Turns on (or replaces) the authenticator app once the new app shows the right code. A
 * replacement also needs the current app's code.
 */
export async function enableApp(deps: AccountsDeps, caller: FactorCaller, input: { secret: unknown; code: unknown; current: unknown }): Promise<void> {
  if (typeof input.secret !== 'string' || !/^[A-Z2-7]{32}$/.test(input.secret)) throw new AppError('bad_request', 'The set-up form is incomplete; start again.');
  const secret = input.secret;
  const user = await account(deps.database.db, caller.userId);
  const change: FactorChange = user.totpSecret ? 'replace-app' : 'add-app';
  const { strengthens } = await authorise(deps, caller, user, change, await proveApp(deps, user, input.current, 'current'));
  const now = deps.now();
  const step = checkTotp(secret, input.code, now, null);
  if (step === null) throw invalid('code', 'That code is not right. Check the time on your phone and try the newest code.');
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, user.id, { totpSecret: secret, totpLastStep: step }, now);
    await record(tx, deps, caller, user, change, strengthens);
  });
}

/** Turns the app off: with its code, or from a session that proved a factor at sign-in. */
export async function disableApp(deps: AccountsDeps, caller: FactorCaller, code: unknown): Promise<void> {
  const user = await account(deps.database.db, caller.userId);
  if (!user.totpSecret) throw new AppError('bad_request', 'This account has no authenticator app.');
  await authorise(deps, caller, user, 'remove-app', await proveApp(deps, user, code, 'code'));
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, user.id, { totpSecret: null, totpLastStep: null }, deps.now());
    await record(tx, deps, caller, user, 'remove-app', false);
  });
}

/** The ceremony's options, once the rule allows a new passkey (so nobody is asked to touch a key for nothing). */
export async function newPasskeyOptions(deps: AccountsDeps, caller: FactorCaller) {
  const user = await account(deps.database.db, caller.userId);
  await authorise(deps, caller, user, 'add-passkey', false);
  return registrationOptions(deps, user);
}

export async function addPasskey(deps: AccountsDeps, caller: FactorCaller, input: { name: unknown; response: unknown }, challengeId: string | undefined) {
  const user = await account(deps.database.db, caller.userId);
  const { strengthens } = await authorise(deps, caller, user, 'add-passkey', false);
  const row = await verifyNewPasskey(deps, user, input, challengeId);
  return deps.database.transaction(async (tx) => {
    const added = await storePasskey(tx, row);
    await record(tx, deps, caller, user, 'add-passkey', strengthens);
    return added;
  });
}

export async function removePasskeyFactor(deps: AccountsDeps, caller: FactorCaller, id: string): Promise<void> {
  const user = await account(deps.database.db, caller.userId);
  await authorise(deps, caller, user, 'remove-passkey', false);
  await deps.database.transaction(async (tx) => {
    await removePasskey(tx, user.id, id);
    await record(tx, deps, caller, user, 'remove-passkey', false);
  });
}
