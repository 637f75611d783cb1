import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { formKit, type PageShell } from '../../web/forms/kit.tsx';
import type { AccountsDeps } from '../flows/deps.ts';
import type { SignedIn } from '../flows/sign-in.ts';
import { endSession } from '../sessions/service.ts';
import { setSessionCookie } from './cookies.ts';

/**
 * The web layer's form kit plus what only account pages do: the flows' dependencies, the
 * session cookie's names and signing a browser in.
 */
export function accountKit(app: FastifyInstance, ctx: AppContext, pages: PageShell) {
  const kit = formKit(app, pages);
  const deps: AccountsDeps = { database: ctx.database, publicUrl: ctx.config.publicUrl, siteName: ctx.config.siteName, now: ctx.now };
  const names = app.cookieNames;
  const client = (request: FastifyRequest) => ({ userAgent: String(request.headers['user-agent'] ?? ''), ip: request.ip, network: request.network });

  /** Signs the browser in: the session it had (if any) ends, so the token always changes. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) {
    await endSession(ctx.database.db, request.cookies[names.session]);
    setSessionCookie(reply, names, signedIn.session.token, signedIn.session.expiresAt);
    if (!signedIn.session.complete) return reply.redirect(`/account/sign-in/second-factor?returnTo=${encodeURIComponent(signedIn.returnTo)}`, 303);
    return reply.redirect(signedIn.returnTo, 303);
  }

  return { ...kit, deps, names, client, signIn };
}

export type AccountKit = ReturnType<typeof accountKit>;
