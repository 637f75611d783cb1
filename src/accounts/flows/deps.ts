import type { Database } from '../../platform/db/database.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { hashToken } from '../credentials/tokens.ts';
import { emailKey } from '../users/service.ts';

/** What the account flows need from the app. */
export interface AccountsDeps {
  database: Database;
  publicUrl: string;
  siteName: string;
  now(): Date;
}

/** Pure: a same-site path to return to after signing in, or `/` for anything else. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 1000) return '/';
  // One leading slash, not two (//evil.example) nor a backslash that browsers read as one.
  if (!/^\/(?![\/\\])/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (/^\/account\/(confirm|sign-out)/.test(value)) return '/';
  return value;
}

export const linkUrl = (deps: AccountsDeps, token: string) => `${deps.publicUrl}/account/confirm?token=${token}`;

/** At most five messages an hour to one address, whoever asks. */
export async function limitMailTo(deps: AccountsDeps, email: string, now: Date): Promise<void> {
  await hit(deps.database.db, `mail:to:${hashToken(emailKey(email))}`, { max: 5, windowSeconds: 3600 }, now, 'Too many e-mails to this address.');
}
