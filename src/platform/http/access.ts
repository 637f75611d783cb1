import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Who may call a route. Every route states it in `config.access`; a route without one stops
 * the app at start-up, so nothing is public by accident. Later domains add kinds (signed-in
 * readers, staff roles) by adding authenticators.
 */
export type Access = 'public' | 'api-token' | 'account';

export type Principal =
  | { kind: 'api-token'; id: string; name: string }
  /** A signed-in person (any role); `sessionId` is the public handle, `tokenHash` the key. */
  | { kind: 'account'; id: string; name: string; role: string; sessionId: string; tokenHash: string; strong: boolean; hasSecondFactor: boolean };

export type AccountPrincipal = Extract<Principal, { kind: 'account' }>;

/**
 * The rule for routes that declare `strong: true`: null lets the session through; otherwise
 * why it may not, and where a browser goes to make it strong (sign in again, add a factor).
 */
export type StrongSessionRule = (principal: AccountPrincipal, url: string) => Promise<{ refusal: string; redirect: string } | null>;

/** Resolves the caller for one access kind, or null when the credentials are absent or wrong. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** With `access: 'account'`: the roles allowed (staff pages, moderation); absent means any account. */
    roles?: readonly string[];
    /**
     * With `roles`: whether the route needs a strong session (a passkey or one-time code at
     * sign-in) under the staff second-factor rule. Every route with roles must say, true or false.
     */
    strong?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const UNAUTHORIZED: Record<Exclude<Access, 'public'>, string> = {
  'api-token': 'This endpoint needs an Admin API token: send "Authorization: Bearer <token>".',
  account: 'Sign in to do this.',
};

export class MissingAccessDeclarationError extends Error {
  constructor(method: string | string[], url: string) {
    super(`Route ${[method].flat().join(',')} ${url} does not declare who may call it (config.access).`);
    this.name = 'MissingAccessDeclarationError';
  }
}

export function registerAccessControl(
  app: FastifyInstance,
  authenticators: Partial<Record<Exclude<Access, 'public'>, Authenticator>>,
  strongSession: StrongSessionRule,
): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (!access) throw new MissingAccessDeclarationError(route.method, route.url);
    if (access !== 'public' && !authenticators[access]) {
      throw new Error(`Route ${route.url} needs access "${access}" but no authenticator provides it.`);
    }
    const roles = route.config?.roles;
    if (roles && (access !== 'account' || roles.length === 0))
      throw new Error(`Route ${route.url} lists roles, which need access "account" and at least one role.`);
    const strong = route.config?.strong;
    if (roles && strong === undefined) throw new Error(`Route ${route.url} lists roles but does not say whether it needs a strong session (config.strong).`);
    if (strong !== undefined && !roles) throw new Error(`Route ${route.url} declares config.strong, which applies only with roles.`);
  });
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // Unmatched URLs reach the not-found handler, which has no declaration and needs none.
    if (!access || access === 'public') return;
    const principal = await authenticators[access]!(request);
    if (!principal) throw new AppError('unauthorized', UNAUTHORIZED[access]);
    const roles = request.routeOptions.config.roles;
    if (roles && (principal.kind !== 'account' || !roles.includes(principal.role))) {
      throw new AppError('forbidden', `This needs one of these roles: ${roles.join(', ')}.`);
    }
    request.principal = principal;
    if (request.routeOptions.config.strong && principal.kind === 'account') {
      const verdict = await strongSession(principal, request.url);
      if (!verdict) return;
      // A page sends the browser to make its session strong; an API call gets the reason.
      if (request.routeOptions.config.html) return reply.redirect(verdict.redirect, 303);
      throw new AppError('forbidden', verdict.refusal);
    }
  });
}
