import { createChallenge, verifySolution } from 'altcha-lib/v1';
import type { Challenge } from 'altcha-lib/v1/types';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { siteSecret } from '../../platform/secrets/repository.ts';

/**
 * A small proof of work on sign-up (ALTCHA's open protocol, verified with altcha-lib): the
 * browser finds the number whose SHA-256 with a salt matches the challenge, half a second of
 * work for a reader and a real cost for a script making thousands of accounts. No third party
 * is involved. Each solved challenge is good once, within 20 minutes.
 */
const MAX_NUMBER = 50_000;
const LIFETIME_S = 20 * 60;

export async function signUpChallenge(executor: Executor, now: Date): Promise<Challenge> {
  return createChallenge({ hmacKey: await siteSecret(executor, 'proof-of-work'), maxNumber: MAX_NUMBER, expires: new Date(now.getTime() + LIFETIME_S * 1000) });
}

export async function checkSignUpProof(executor: Executor, payload: string | undefined, now: Date): Promise<void> {
  const refused = new AppError(
    'invalid',
    'Your browser did not finish its sign-up check. It needs JavaScript for a moment; reload the page and try again.',
    'altcha',
  );
  if (!payload || payload.length > 2000) throw refused;
  let ok = false;
  try {
    ok = await verifySolution(payload, await siteSecret(executor, 'proof-of-work'), true);
  } catch {
    ok = false;
  }
  if (!ok) throw refused;
  const { signature } = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { signature: string };
  await hit(executor, `pow:${signature}`, { max: 1, windowSeconds: LIFETIME_S }, now, 'This sign-up check was already used.');
}
