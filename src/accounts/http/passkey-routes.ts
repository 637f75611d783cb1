import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountOf } from '../../web/principal.ts';
import { type AccountsDeps } from '../flows/deps.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import { addPasskey, newPasskeyOptions } from '../factors/service.ts';
import { authenticationOptions, signInWithPasskey } from '../passkeys/service.ts';
import { endSession } from '../sessions/service.ts';
import { setSessionCookie } from './cookies.ts';
import { NewPasskeyBody, PasskeySignInBody } from './forms.ts';

/**
 * The JSON side of passkeys, called by the account page's and the sign-in page's islands with
 * the CSRF token from /api/me in `x-csrf-token`. The ceremony's challenge id rides in a
 * short-lived HttpOnly cookie.
 */
export function registerPasskeyRoutes(app: FastifyInstance, deps: AccountsDeps): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const names = app.cookieNames;
  const client = (request: FastifyRequest) => ({ userAgent: String(request.headers['user-agent'] ?? ''), ip: request.ip, network: request.network });
  const holdChallenge = (reply: FastifyReply, id: string) =>
    reply.setCookie(names.challenge, id, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'strict', maxAge: 300 });
  const caller = (request: FastifyRequest) => {
    const principal = accountOf(request);
    return { userId: principal.id, tokenHash: principal.tokenHash };
  };
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

  app.post('/api/account/passkeys/options', { config: { access: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const { options, challengeId } = await newPasskeyOptions(deps, caller(request));
    holdChallenge(noStore(reply), challengeId);
    return options;
  });

  typed.post('/api/account/passkeys', { config: { access: 'account' }, schema: { hide: true, body: NewPasskeyBody } }, async (request, reply) => {
    const body = request.body;
    // The factors service checks the rule; a first passkey, made here, makes this session strong.
    const added = await addPasskey(deps, caller(request), { name: body.name, response: body.response }, request.cookies[names.challenge]);
    reply.clearCookie(names.challenge, { path: '/' });
    return noStore(reply).status(201).send(added);
  });

  app.post('/api/account/passkey-sign-in/options', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const { options, challengeId } = await authenticationOptions(deps);
    holdChallenge(noStore(reply), challengeId);
    return options;
  });

  typed.post('/api/account/passkey-sign-in', { config: { access: 'public' }, schema: { hide: true, body: PasskeySignInBody } }, async (request, reply) => {
    const body = request.body;
    const { session } = await signInWithPasskey(deps, body.response, request.cookies[names.challenge], client(request));
    await endSession(deps.database.db, request.cookies[names.session]);
    reply.clearCookie(names.challenge, { path: '/' });
    setSessionCookie(reply, names, session.token, session.expiresAt);
    return noStore(reply).send({ signedIn: true, returnTo: safeReturnTo(body.returnTo) });
  });
}
