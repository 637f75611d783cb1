import crypto from 'node:crypto';

/** 256 random bits, URL-safe: for session cookies and e-mailed links. */
export const randomToken = () => crypto.randomBytes(32).toString('base64url');

/** What the database keeps of a token: its SHA-256. A stolen table row signs nobody in. */
export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('base64url');

/** Tokens are 43 URL-safe characters; anything else is refused before touching the database. */
export const isTokenShape = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
