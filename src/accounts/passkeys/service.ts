import crypto from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { graphemeCount, isName } from '../../platform/text.ts';
import { startSession, type Client } from '../sessions/service.ts';
import {
  deletePasskey,
  findPasskey,
  insertChallenge,
  insertPasskey,
  passkeyTransports,
  recordPasskeyUse,
  renamePasskeyRow,
  takeChallengeRow,
} from './repository.ts';
import { findUserById, type UserRow } from '../users/repository.ts';
import type { AccountsDeps } from '../flows/deps.ts';
import { passkeyIsStrong, passkeyUserVerification } from '../factors/rules.ts';

/**
 * Passkeys (WebAuthn) through @simplewebauthn/server: registered from the account page, used to
 * sign in without a password or a username (discoverable credentials). Each ceremony's
 * challenge is kept server-side for five minutes and used once; the browser holds only its id.
 */
const CHALLENGE_MS = 5 * 60 * 1000;

export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export const relyingParty = (deps: AccountsDeps): RelyingParty => {
  const url = new URL(deps.publicUrl);
  return { id: url.hostname, origin: url.origin, name: deps.siteName };
};

async function keepChallenge(executor: Executor, challenge: string, userId: string | null, now: Date): Promise<string> {
  const id = crypto.randomUUID();
  await insertChallenge(executor, { id, challenge, userId, expiresAt: new Date(now.getTime() + CHALLENGE_MS) }, now);
  return id;
}

/** Takes a challenge once; a second use, or one for someone else, finds nothing. */
async function takeChallenge(executor: Executor, id: string | undefined, userId: string | null, now: Date): Promise<string> {
  const expired = new AppError('bad_request', 'The passkey request has expired. Try again.');
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) throw expired;
  const row = await takeChallengeRow(executor, id);
  if (!row || row.expiresAt <= now || row.userId !== userId) throw expired;
  return row.challenge;
}

export function passkeyNameProblem(name: string): string | null {
  if (!isName(name)) return 'name must be one line of visible text, like "Work laptop".';
  if (graphemeCount(name) > 60) return 'name must be at most 60 characters.';
  return null;
}

export async function registrationOptions(deps: AccountsDeps, user: UserRow) {
  const rp = relyingParty(deps);
  const db = deps.database.db;
  const existing = await passkeyTransports(db, user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.displayName,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    // Staff keys must verify their user (PIN, fingerprint); readers' may prove presence only.
    authenticatorSelection: { residentKey: 'required', userVerification: passkeyUserVerification(user.role) },
  });
  const challengeId = await keepChallenge(db, options.challenge, user.id, deps.now());
  return { options, challengeId };
}

/**
 * Checks a browser's answer to the registration ceremony; the credential to store, not yet
 * stored (the factors service stores it with the rest of the change, in one transaction).
 */
/** A passkey being added: its name, and the browser's answer to the registration ceremony. */
export interface NewPasskey {
  name: string | undefined;
  /** WebAuthn's JSON as the browser made it: @simplewebauthn/server checks every part of it. */
  response: unknown;
}

export async function verifyNewPasskey(deps: AccountsDeps, user: UserRow, input: NewPasskey, challengeId: string | undefined) {
  const name = input.name ?? '';
  const problem = passkeyNameProblem(name);
  if (problem) throw invalid('name', problem);
  const now = deps.now();
  const rp = relyingParty(deps);
  const expectedChallenge = await takeChallenge(deps.database.db, challengeId, user.id, now);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: passkeyUserVerification(user.role) === 'required',
    });
  } catch (error) {
    throw invalid('response', `The passkey could not be checked: ${(error as Error).message}`);
  }
  if (!verification.verified) throw invalid('response', 'The passkey could not be verified.');
  const info = verification.registrationInfo;
  return {
    id: info.credential.id,
    userId: user.id,
    name,
    publicKey: Buffer.from(info.credential.publicKey),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    backedUp: info.credentialBackedUp,
    createdAt: now,
  };
}

/** Stores a verified credential; a credential already registered is refused. */
export async function storePasskey(executor: Executor, row: Awaited<ReturnType<typeof verifyNewPasskey>>) {
  const inserted = await insertPasskey(executor, row);
  if (!inserted) throw new AppError('conflict', 'This passkey is already registered.');
  return inserted;
}

export async function authenticationOptions(deps: AccountsDeps) {
  const rp = relyingParty(deps);
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'preferred', allowCredentials: [] });
  const challengeId = await keepChallenge(deps.database.db, options.challenge, null, deps.now());
  return { options, challengeId };
}

/**
 * Signs in with a passkey: a complete session. It is strong (what the newsroom asks of staff,
 * and what changing factors needs) when the rule in factors/rules.ts says so: for staff, only
 * when the authenticator verified its user.
 */
export async function signInWithPasskey(deps: AccountsDeps, response: unknown, challengeId: string | undefined, client: Client) {
  const now = deps.now();
  const db = deps.database.db;
  const expectedChallenge = await takeChallenge(db, challengeId, null, now);
  const refused = invalid('response', 'This passkey is not registered here, or no longer is.');
  const id = (response as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id.length > 1024) throw refused;
  const stored = await findPasskey(db, id);
  if (!stored) throw refused;
  const user = await findUserById(db, stored.userId);
  if (!user || user.state === 'erased') throw refused;
  const rp = relyingParty(deps);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: stored.id, publicKey: new Uint8Array(stored.publicKey), counter: stored.counter, transports: stored.transports },
      requireUserVerification: false,
    });
  } catch (error) {
    throw invalid('response', `The passkey could not be checked: ${(error as Error).message}`);
  }
  if (!verification.verified) throw refused;
  return deps.database.transaction(async (tx) => {
    await recordPasskeyUse(tx, stored.id, verification.authenticationInfo.newCounter, verification.authenticationInfo.credentialBackedUp, now);
    const strong = passkeyIsStrong(user.role, verification.authenticationInfo.userVerified);
    const session = await startSession(tx, user, 'passkey', client, now, true, strong);
    return { user, session };
  });
}

export { listPasskeys } from './repository.ts';

export async function renamePasskey(executor: Executor, userId: string, id: string, name: string | undefined): Promise<void> {
  const named = name ?? '';
  const problem = passkeyNameProblem(named);
  if (problem) throw invalid('name', problem);
  if (!(await renamePasskeyRow(executor, userId, id, named))) throw new AppError('not_found', 'That passkey was not found on your account.');
}

export async function removePasskey(executor: Executor, userId: string, id: string): Promise<void> {
  if (!(await deletePasskey(executor, userId, id))) throw new AppError('not_found', 'That passkey was not found on your account.');
}

export async function hasPasskey(executor: Executor, userId: string): Promise<boolean> {
  return (await passkeyTransports(executor, userId)).length > 0;
}
