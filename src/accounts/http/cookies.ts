import type { FastifyReply } from 'fastify';

/**
 * Cookie names and attributes. Over HTTPS the session cookie is `__Host-` prefixed (Secure, no
 * Domain, Path=/: no subdomain can set or read it); over plain HTTP (a newsroom trying the site
 * on a laptop) browsers refuse that prefix, so the name drops it and Secure.
 */
export interface CookieNames {
  secure: boolean;
  session: string;
  csrf: string;
  challenge: string;
  /** Names the browser that started a registration: only that browser's confirmation keeps the password it chose. */
  registration: string;
}

export function cookieNames(publicUrl: string): CookieNames {
  const secure = publicUrl.startsWith('https:');
  const prefix = secure ? '__Host-' : '';
  return {
    secure,
    session: `${prefix}masthead_session`,
    csrf: `${prefix}masthead_csrf`,
    challenge: `${prefix}masthead_webauthn`,
    registration: `${prefix}masthead_registration`,
  };
}

export function setSessionCookie(reply: FastifyReply, names: CookieNames, token: string, expiresAt: Date): void {
  reply.setCookie(names.session, token, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'lax', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, names: CookieNames): void {
  reply.clearCookie(names.session, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'lax' });
}
