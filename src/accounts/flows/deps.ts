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

export const linkUrl = (deps: AccountsDeps, token: string) => `${deps.publicUrl}/account/confirm?token=${token}`;

/** At most five messages an hour to one address, whoever asks. */
export async function limitMailTo(deps: AccountsDeps, email: string, now: Date): Promise<void> {
  await hit(deps.database.db, `mail:to:${hashToken(emailKey(email))}`, { max: 5, windowSeconds: 3600 }, now, 'Too many e-mails to this address.');
}
