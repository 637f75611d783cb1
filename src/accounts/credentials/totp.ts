import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/**
 * Time-based one-time codes (RFC 6238) through `otpauth`: 6 digits, 30 seconds, SHA-1, which
 * every authenticator app reads. A code is accepted one step either side (clock drift) and only
 * once: the step it matched is stored, and codes from that step or earlier are refused.
 */
export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export function totpUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secret) }).toString();
}

/** An inline SVG QR code of the enrolment URI (inline: no image request, nothing for CSP to allow). */
export const totpQrSvg = (uri: string) => QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/** The time step a code matched, or null; `lastStep` refuses replays. */
export function checkTotp(secret: string, code: string | undefined, now: Date, lastStep: number | null): number | null {
  if (code === undefined) return null;
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ token, secret: Secret.fromBase32(secret), timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = TOTP.counter({ timestamp: now.getTime() }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** For tests and the enrolment check: the code an app would show at `now`. */
export const totpCode = (secret: string, now: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now.getTime() });
