import crypto from 'node:crypto';

const digest = (value: string) => crypto.createHash('sha256').update(value).digest();

/**
 * Pure: whether an Authorization header carries `Bearer <token>`. Compared in constant time on
 * digests (equal lengths whatever was sent), so the answer's timing says nothing of the token.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return crypto.timingSafeEqual(digest(sent), digest(token)) && sent.length > 0;
}
