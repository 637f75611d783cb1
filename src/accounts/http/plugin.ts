import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/http/access.ts';
import type { Database } from '../../platform/db/database.ts';
import { resolveSession } from '../sessions/service.ts';
import type { SessionWithUser } from '../sessions/repository.ts';
import { cookieNames, type CookieNames } from './cookies.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Writes are CSRF-checked unless a route says `csrf: false` (webhooks signed another way). */
    csrf?: boolean;
  }
  interface FastifyInstance {
    cookieNames: CookieNames;
    /** The signed-in person behind this request's cookie, read once per request. */
    currentSession(request: FastifyRequest): Promise<SessionWithUser | null>;
    /** What other domains add to `/api/me` for a signed-in reader (comments: unread replies). */
    meExtras: ((userId: string) => Promise<Record<string, unknown>>)[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const memo = new WeakMap<FastifyRequest, Promise<SessionWithUser | null>>();

/**
 * Cookies, the session a cookie names, and CSRF protection on every write a browser can make
 * with its cookies. Admin API calls authenticate with a bearer token no other site can send,
 * so they need no CSRF token.
 */
export async function registerAccountsHttp(app: FastifyInstance, options: { database: Database; publicUrl: string; now(): Date }): Promise<void> {
  app.decorate('meExtras', []);
  const names = cookieNames(options.publicUrl);
  app.decorate('cookieNames', names);
  await app.register(cookie);
  await app.register(csrf, {
    cookieKey: names.csrf,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: names.secure },
  });

  app.decorate('currentSession', (request: FastifyRequest) => {
    let found = memo.get(request);
    if (!found) {
      found = resolveSession(options.database.db, request.cookies[names.session], options.now());
      memo.set(request, found);
    }
    return found;
  });

  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done) => {
    const config = request.routeOptions.config;
    if (SAFE_METHODS.has(request.method) || config.access === 'api-token' || config.csrf === false || !config.access) return done();
    app.csrfProtection(request, reply, done);
  });
}

/** The 'account' access kind: a complete session (both factors when the account has two). */
export function accountAuthenticator(app: FastifyInstance) {
  return async (request: FastifyRequest): Promise<Principal | null> => {
    const found = await app.currentSession(request);
    if (!found || !found.session.complete) return null;
    const { user, session } = found;
    return {
      kind: 'account',
      id: user.id,
      name: user.displayName,
      role: user.role,
      sessionId: session.id,
      tokenHash: session.tokenHash,
      strong: session.strong,
      hasSecondFactor: user.hasTotp || user.hasPasskey,
    };
  };
}
