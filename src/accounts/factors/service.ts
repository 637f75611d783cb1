import type { Executor } from '../../platform/db/database.ts';
import { AppError, conflict, invalid } from '../../platform/errors.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { checkTotp } from '../credentials/totp.ts';
import type { AccountsDeps } from '../flows/deps.ts';
import { factorChanged } from '../mail/messages.tsx';
import { hasPasskey, registrationOptions, removePasskey, storePasskey, verifyNewPasskey, type NewPasskey } from '../passkeys/service.ts';
import { deleteSessionsOf, findSessionProof, strengthenSession } from '../sessions/repository.ts';
import type { Role } from '../../web/roles.ts';
import { findUserById, swapTotpSecret, type UserRow } from '../users/repository.ts';
import { checkAppCode, spendAppCode } from './codes.ts';
import { FACTOR_REFUSALS, isStaff, judgeFactorChange, type FactorChange } from './rules.ts';

/**
 * Adding, replacing and removing second factors (authenticator app, passkeys), each one checked
 * against the rule in rules.ts with what this session proved, read fresh from the database.
 * Every change e-mails the owner and signs out the account's other browsers, in the same
 * transaction as the change. The rule is judged on what the request read; the app's secret is
 * then written only if it is still what was read, so a request that lost a race to another
 * (two tabs, or an attacker racing the owner) changes nothing and says so.
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
    // Whether a passkey verifies its user is not recorded (a key registered by a reader, or before
    // staff keys had to, may not), so for staff only the app is known to sign in strongly.
    { role: user.role, hasApp: !!user.totpSecret, hasPasskey: await hasPasskey(db, user.id), verifiedPasskey: false },
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

/** A code from the account's current app, when one was typed: checked (not yet spent), or null when none was. */
async function currentAppCode(deps: AccountsDeps, user: UserRow, code: string | undefined, field: string): Promise<number | null> {
  if (!user.totpSecret || !code?.trim()) return null;
  return checkAppCode(deps, user, code, field);
}

/** Within the change's transaction: the current code spent (when one proved the change), the secret swapped if nobody else changed it first. */
async function writeApp(
  tx: Executor,
  deps: AccountsDeps,
  user: UserRow,
  currentStep: number | null,
  next: { secret: string | null; lastStep: number | null },
): Promise<void> {
  if (currentStep !== null && user.totpSecret)
    await spendAppCode(tx, deps, { id: user.id, totpSecret: user.totpSecret }, currentStep, next.secret ? 'current' : 'code');
  if (!(await swapTotpSecret(tx, user.id, user.totpSecret, next, deps.now()))) {
    throw conflict(
      'Your authenticator app was changed by another request (another tab or browser) while this one was on its way. Nothing was changed here: open your account page again to see how it is set up now.',
    );
  }
}

/**
 * Turns on (or replaces) the authenticator app once the new app shows the right code. A
 * replacement also needs the current app's code, spent only once the change is allowed and the
 * new code is right, so a refusal does not waste it.
 */
/** The set-up form: the new app's secret and code, and a code from the app it replaces. */
export interface AppSetup {
  secret: string | undefined;
  code: string | undefined;
  current: string | undefined;
}

export async function enableApp(deps: AccountsDeps, caller: FactorCaller, input: AppSetup): Promise<void> {
  if (input.secret === undefined || !/^[A-Z2-7]{32}$/.test(input.secret)) throw new AppError('bad_request', 'The set-up form is incomplete; start again.');
  const secret = input.secret;
  const user = await account(deps.database.db, caller.userId);
  const change: FactorChange = user.totpSecret ? 'replace-app' : 'add-app';
  const currentStep = await currentAppCode(deps, user, input.current, 'current');
  const { strengthens } = await authorise(deps, caller, user, change, currentStep !== null);
  const step = checkTotp(secret, input.code, deps.now(), null);
  if (step === null) throw invalid('code', 'That code is not right. Check the time on your phone and try the newest code.');
  await deps.database.transaction(async (tx) => {
    await writeApp(tx, deps, user, currentStep, { secret, lastStep: step });
    await record(tx, deps, caller, user, change, strengthens);
  });
}

/** Turns the app off: with its code, or from a session that proved a factor at sign-in. */
export async function disableApp(deps: AccountsDeps, caller: FactorCaller, code: string | undefined): Promise<void> {
  const user = await account(deps.database.db, caller.userId);
  if (!user.totpSecret) throw new AppError('bad_request', 'This account has no authenticator app.');
  const currentStep = await currentAppCode(deps, user, code, 'code');
  await authorise(deps, caller, user, 'remove-app', currentStep !== null);
  await deps.database.transaction(async (tx) => {
    await writeApp(tx, deps, user, currentStep, { secret: null, lastStep: null });
    await record(tx, deps, caller, user, 'remove-app', false);
  });
}

/** The ceremony's options, once the rule allows a new passkey (so nobody is asked to touch a key for nothing). */
export async function newPasskeyOptions(deps: AccountsDeps, caller: FactorCaller) {
  const user = await account(deps.database.db, caller.userId);
  await authorise(deps, caller, user, 'add-passkey', false);
  return registrationOptions(deps, user);
}

export async function addPasskey(deps: AccountsDeps, caller: FactorCaller, input: NewPasskey, challengeId: string | undefined) {
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

/**
 * What a change of role means for the account's sessions, for the domain that changes roles
 * (the newsroom): sessions made as a reader were judged by reader rules (a passkey that skipped
 * its PIN is strong for a reader), so they end when the account becomes staff.
 */
export async function afterRoleChange(tx: Executor, userId: string, change: { from: Role; to: Role }): Promise<void> {
  if (!isStaff(change.from) && isStaff(change.to)) await deleteSessionsOf(tx, userId);
}
