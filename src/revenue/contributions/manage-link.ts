import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { siteSecret } from '../../platform/secrets/repository.ts';

/** How long the link in a receipt works: every charge's receipt carries a fresh one. */
export const MANAGE_LINK_DAYS = 30;

/** The site key that signs these links and nothing else, so no other signature can pass for one. */
export const manageLinkKey = (executor: Executor) => siteSecret(executor, 'contribution-manage-links');

/** What a link says, once read: the contribution it is for, or why it cannot be used. */
export type ManageLink =
  | { ok: true; recurringId: string; expiresAt: Date }
  | { ok: false; reason: 'unreadable' }
  | { ok: false; reason: 'expired'; recurringId: string; expiresAt: Date };

const SHAPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

// The purpose is part of what is signed, so the same key could never sign something else that reads as a link.
const mac = (key: string, payload: string) => crypto.createHmac('sha256', key).update(`manage-recurring-contribution:${payload}`).digest();

/**
 * Pure: a token for a link that lets whoever holds it see, change and stop one recurring
 * contribution until `expiresAt`: the contribution's id and the expiry, signed (HMAC-SHA256)
 * with the site's key. Nothing is stored, so a receipt's link needs no row of its own.
 */
export function signManageToken(key: string, recurringId: string, expiresAt: Date): string {
  const payload = `${recurringId.toLowerCase()}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/**
 * Pure: reads a token. Anything not signed by us exactly as sent (a changed id, a changed
 * expiry, a cut-off link) is unreadable; the comparison takes the same time however many
 * bytes match. A genuine link past its time says which contribution it was for, so the
 * reader can be offered a fresh one by e-mail to the address that contribution has.
 */
export function readManageToken(key: string, token: unknown, now: Date): ManageLink {
  const match = typeof token === 'string' && token.length <= 200 ? SHAPE.exec(token) : null;
  if (!match) return { ok: false, reason: 'unreadable' };
  const [, recurringId, expiry, signature] = match as unknown as [string, string, string, string];
  const expected = mac(key, `${recurringId}.${expiry}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'unreadable' };
  const expiresAt = new Date(parseInt(expiry, 36) * 1000);
  if (!(expiresAt.getTime() > now.getTime())) return { ok: false, reason: 'expired', recurringId, expiresAt };
  return { ok: true, recurringId, expiresAt };
}

/** Pure: when a link made now stops working. */
export const manageLinkExpiry = (now: Date) => new Date(now.getTime() + MANAGE_LINK_DAYS * 24 * 3600_000);

/** The address of the page a link opens, with its token. */
export async function manageUrl(
  deps: { now: () => Date; publicUrl: string },
  executor: Executor,
  recurringId: string,
): Promise<{ url: string; expiresAt: Date }> {
  const expiresAt = manageLinkExpiry(deps.now());
  const token = signManageToken(await manageLinkKey(executor), recurringId, expiresAt);
  return { url: `${deps.publicUrl}/support/contribution?token=${token}`, expiresAt };
}
