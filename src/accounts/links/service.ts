import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hashToken, isTokenShape, randomToken } from '../credentials/tokens.ts';
import type { LinkPurpose } from '../tables.ts';
import { findLink, insertLink, markLinkUsed, voidLinksOf, type LinkRow } from './repository.ts';

export type { LinkRow };

/** How long each kind of e-mailed link works. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  register: 24 * 60 * 60 * 1000,
  'sign-in': 15 * 60 * 1000,
  'reset-password': 60 * 60 * 1000,
  'change-email-old': 24 * 60 * 60 * 1000,
  'change-email-new': 24 * 60 * 60 * 1000,
  setup: 24 * 60 * 60 * 1000,
  invite: 7 * 24 * 60 * 60 * 1000,
  enrol: 24 * 60 * 60 * 1000,
};

export async function issueLink(
  executor: Executor,
  input: { purpose: LinkPurpose; email: string; userId?: string | null; data?: Record<string, unknown> },
  now: Date,
): Promise<string> {
  const token = randomToken();
  await insertLink(executor, {
    tokenHash: hashToken(token),
    purpose: input.purpose,
    email: input.email,
    userId: input.userId ?? null,
    data: input.data ?? {},
    createdAt: now,
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS[input.purpose]),
  });
  return token;
}

const unusable = () => new AppError('gone', 'This link has expired or has already been used. Ask for a new one.');

/** Reads a link without using it up (the page that asks "continue?"). */
export async function peekLink(executor: Executor, token: unknown, purposes: readonly LinkPurpose[], now: Date): Promise<LinkRow> {
  if (!isTokenShape(token)) throw new AppError('bad_request', 'This link is incomplete: copy the whole address from the e-mail.');
  const row = await findLink(executor, hashToken(token));
  if (!row || !purposes.includes(row.purpose) || row.usedAt || row.expiresAt <= now) throw unusable();
  return row;
}

/** Uses a link up, atomically: of two requests with one link, exactly one gets the row. */
export async function consumeLink(executor: Executor, token: unknown, purposes: readonly LinkPurpose[], now: Date): Promise<LinkRow> {
  const row = await peekLink(executor, token, purposes, now);
  const used = await markLinkUsed(executor, row.tokenHash, now);
  if (!used) throw unusable();
  return used;
}

/** Unused links of one purpose for one account become useless (a second reset e-mail voids the first). */
export const voidLinks = voidLinksOf;
