import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id at 32 MiB and 6 passes: about 60 ms of one core per sign-in on the machines we
 * measured (bench/accounts.ts), well inside the 50-100 ms we aim for, while 4 sign-ins at once
 * stay near 128 MiB. The parameters travel inside each hash (PHC string), so raising them later
 * re-hashes a password the next time its owner signs in.
 */
const PARAMS = { algorithm: 2 /* Argon2id; the package's enum is a const enum */, memoryCost: 32768, timeCost: 6, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export const hashPassword = (password: string) => hash(password.normalize('NFKC'), PARAMS);

/** A hash of nothing anyone knows, verified for unknown addresses so they take as long as known ones. */
let decoy: Promise<string> | undefined;

export async function checkPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword(`decoy-${Math.random()}`)));
  let ok = false;
  try {
    ok = await verify(target, password.normalize('NFKC'));
  } catch {
    ok = false;
  }
  return ok && !!stored;
}

/** True when a stored hash was made with weaker parameters than today's. */
export const needsRehash = (stored: string) => !stored.includes(`m=${PARAMS.memoryCost},t=${PARAMS.timeCost},p=${PARAMS.parallelism}`);

/** Pure: why a new password is refused, or null. */
export function passwordProblem(password: string, context: { email: string; displayName?: string }): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (length > MAX_PASSWORD_LENGTH) return `password must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'password must not contain control characters.';
  const lowered = password.toLowerCase();
  if (lowered === context.email.toLowerCase() || lowered === context.email.toLowerCase().split('@')[0]) return 'password must not be your e-mail address.';
  if (new Set(password).size < 4) return 'password needs more different characters.';
  return null;
}
