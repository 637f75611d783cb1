import webpush from 'web-push';
import type { Executor } from '../platform/db/database.ts';
import { siteSecret } from '../platform/secrets/repository.ts';

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url: the browser's `applicationServerKey`. */
  publicKey: string;
  privateKey: string;
}

/**
 * The site's VAPID key pair (RFC 8292), made at first need and kept in the database so every
 * process signs with the same one. To rotate: delete the `vapid` row of `site_secrets`; a new
 * pair is made, and browsers re-subscribe with it the next time a page with the alerts island
 * opens (it compares the key its subscription was made with).
 */
export async function vapidKeys(executor: Executor): Promise<VapidKeys> {
  return JSON.parse(await siteSecret(executor, 'vapid', () => JSON.stringify(webpush.generateVAPIDKeys()))) as VapidKeys;
}
