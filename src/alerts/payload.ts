import type { AlertRow } from './repository.ts';

/** What the service worker receives and shows; small, so it fits one push message. */
export interface AlertPayload {
  alertId: string;
  title: string;
  body: string;
  url: string;
  image: string | null;
  icon: string;
  /** Notifications with one tag replace each other: a repeated delivery never shows twice. */
  tag: string;
}

/** Push services take 4,096 bytes of ciphertext; aes128gcm's header and tag leave this much. */
export const MAX_PAYLOAD_BYTES = 3_990;

export const payloadOf = (alert: AlertRow, icon: string): AlertPayload => ({
  alertId: alert.id,
  title: alert.title,
  body: alert.body,
  url: alert.url,
  image: alert.imageUrl,
  icon,
  tag: `alert-${alert.id}`,
});
