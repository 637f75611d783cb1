import type { Database } from '../../platform/db/database.ts';

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
