import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import { startRegistration } from '../flows/registration.ts';
import { completePasswordReset, requestPasswordReset, requestSignInLink, signInWithLink, signInWithPassword } from '../flows/sign-in.ts';
import { peekLink } from '../links/service.ts';
import { endSession } from '../sessions/service.ts';
import {
  confirmEmailChangeLink,
  useTotp,
} from '../profile/service.ts';
import { completeSession } from '../sessions/repository.ts';
import { checkSignUpProof, signUpChallenge } from '../credentials/proof-of-work.ts';
import { randomToken } from '../credentials/tokens.ts';
import { clearSessionCookie } from './cookies.ts';
import { CheckInboxPage, ConfirmLinkPage, RegisterPage, ResetPasswordPage, ResetRequestPage, SecondFactorPage, SignInPage } from './pages/sign-in.tsx';
import { MessagePage } from '../../web/forms/components.tsx';

import { type AccountKit } from './kit.tsx';
import { publicPage } from '../../web/forms/kit.tsx';

/** Registration, the ways to sign in (password, e-mailed link, second factor), reset, sign-out, and /api/me. */
export function registerSignInRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): void {
  const { deps, names, client, page, state, query, form, signIn, retry, values } = kit;
  const challenge = () => signUpChallenge(ctx.database.db, ctx.now());
  app.get('/account/register', { config: publicPage }, async (request, reply) =>
    page(reply, 'Create your account', <RegisterPage state={state(reply, query(request).returnTo)} challenge={await challenge()} />),
  );

  app.post('/account/register', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    const email = (body.email ?? '').trim();
    // The honeypot: a person never fills it; answer a script as if it worked.
    if (body.website) return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="register" />);
    try {
      await checkSignUpProof(ctx.database.db, body.altcha, ctx.now());
      const consents = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (k.startsWith('consent.') ? [[k.slice(8), v]] : [])));
      const browser = randomToken();
      await startRegistration(deps, { email, displayName: (body.displayName ?? '').trim(), password: body.password ?? '', consents, returnTo: body.returnTo ?? '/', network: request.network, browser });
      reply.setCookie(names.registration, browser, { path: '/account', httpOnly: true, secure: names.secure, sameSite: 'lax', maxAge: 24 * 60 * 60 });
    } catch (error) {
      const again = await challenge();
      return retry(reply, error, (message) => (
        <RegisterPage state={state(reply, body.returnTo, { error: message, values: values(body, ['displayName', 'email', ...Object.keys(body).filter((k) => k.startsWith('consent.'))]) })} challenge={again} />
      ));
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="register" />);
  });

  app.get('/account/sign-in', { config: publicPage }, async (request, reply) => {
    const notice = query(request).why === 'second-factor' ? 'The newsroom asks for a second factor: sign in with your passkey, or with your password and a code from your app.' : undefined;
    return page(reply, 'Sign in', <SignInPage state={state(reply, query(request).returnTo)} notice={notice} />);
  });

  app.post('/account/sign-in', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    try {
      return await signIn(request, reply, await signInWithPassword(deps, { email: (body.email ?? '').trim(), password: body.password ?? '', returnTo: body.returnTo ?? '/' }, client(request)));
    } catch (error) {
      return retry(reply, error, (message) => <SignInPage state={state(reply, body.returnTo, { error: message, values: values(body, ['email']) })} />);
    }
  });

  app.post('/account/sign-in/link', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    const email = (body.email ?? '').trim();
    try {
      await requestSignInLink(deps, { email, returnTo: body.returnTo ?? '/' }, client(request));
    } catch (error) {
      return retry(reply, error, (message) => <SignInPage state={state(reply, body.returnTo, { error: message, values: values(body, ['email']) })} />);
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="sign-in" />);
  });

  app.get('/account/confirm', { config: publicPage }, async (request, reply) => {
    const token = query(request).token;
    try {
      const link = await peekLink(ctx.database.db, token, ['register', 'sign-in', 'change-email-old', 'change-email-new'], ctx.now());
      return page(reply, 'Confirm', <ConfirmLinkPage state={state(reply, '/')} token={token as string} purpose={link.purpose} />);
    } catch (error) {
      return retry(reply, error, (message) => <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/sign-in', label: 'Sign in another way' }} />);
    }
  });

  app.post('/account/confirm', { config: publicPage }, async (request, reply) => {
    const token = form(request).token;
    try {
      const link = await peekLink(ctx.database.db, token, ['register', 'sign-in', 'change-email-old', 'change-email-new'], ctx.now());
      if (link.purpose === 'change-email-old' || link.purpose === 'change-email-new') {
        const { done, email } = await confirmEmailChangeLink(deps, token);
        const message = done ? `Your account's address is now ${email}.` : 'Confirmed from this address. The change happens once it is confirmed from the other one too.';
        return page(reply, 'Address change', <MessagePage title={done ? 'Address changed' : 'Halfway there'} message={message} link={{ href: '/account', label: 'Your account' }} />);
      }
      const signedIn = await signInWithLink(deps, token, client(request), request.cookies[names.registration]);
      if (link.purpose === 'register') reply.clearCookie(names.registration, { path: '/account' });
      return await signIn(request, reply, signedIn);
    } catch (error) {
      return retry(reply, error, (message) => <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/sign-in', label: 'Sign in another way' }} />);
    }
  });

  app.get('/account/reset', { config: publicPage }, async (request, reply) => {
    const token = query(request).token;
    if (token === undefined) return page(reply, 'Forgotten your password?', <ResetRequestPage state={state(reply, '/')} />);
    try {
      await peekLink(ctx.database.db, token, ['reset-password'], ctx.now());
      return page(reply, 'Choose a new password', <ResetPasswordPage state={state(reply, '/account')} token={token as string} />);
    } catch (error) {
      return retry(reply, error, (message) => <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/reset', label: 'Ask for a new link' }} />);
    }
  });

  app.post('/account/reset', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    const email = (body.email ?? '').trim();
    try {
      await requestPasswordReset(deps, { email }, client(request));
    } catch (error) {
      return retry(reply, error, (message) => <ResetRequestPage state={state(reply, '/', { error: message, values: values(body, ['email']) })} />);
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="reset" />);
  });

  app.post('/account/reset/complete', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    try {
      return await signIn(request, reply, await completePasswordReset(deps, { token: body.token, password: body.password ?? '' }, client(request)));
    } catch (error) {
      return retry(reply, error, (message) =>
        error instanceof AppError && error.code === 'invalid' ? (
          <ResetPasswordPage state={state(reply, '/account', { error: message })} token={String(body.token)} />
        ) : (
          <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/reset', label: 'Ask for a new link' }} />
        ),
      );
    }
  });

  app.post('/account/sign-out', { config: publicPage }, async (request, reply) => {
    await endSession(ctx.database.db, request.cookies[names.session]);
    clearSessionCookie(reply, names);
    return reply.redirect(safeReturnTo(form(request).returnTo), 303);
  });

  app.get('/account/sign-in/second-factor', { config: publicPage }, async (request, reply) => {
    const found = await app.currentSession(request);
    if (!found || found.session.complete) return reply.redirect('/account/sign-in', 303);
    return page(reply, 'Enter your code', <SecondFactorPage state={state(reply, query(request).returnTo)} />);
  });

  app.post('/account/sign-in/second-factor', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    const found = await app.currentSession(request);
    if (!found || found.session.complete) return reply.redirect('/account/sign-in', 303);
    try {
      await useTotp(deps, found.user.id, body.code);
    } catch (error) {
      return retry(reply, error, (message) => <SecondFactorPage state={state(reply, body.returnTo, { error: message })} />);
    }
    await completeSession(ctx.database.db, found.session.tokenHash);
    return reply.redirect(safeReturnTo(body.returnTo), 303);
  });



  /**
   * Who is signed in, for the islands of cached pages: the shared HTML never says, this small
   * private answer does. It also hands out the CSRF token islands send with their writes
   * (`?csrf=1` asks for one when signed out).
   */
  app.get('/api/me', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const found = await app.currentSession(request);
    reply.header('cache-control', 'private, no-store');
    const signedIn = !!found?.session.complete;
    // A signed-out reader gets a CSRF token (and its cookie) only when an island asks for one
    // to act with: reading pages leaves no cookie behind.
    if (!signedIn && query(request).csrf !== '1') return { signedIn: false };
    const csrfToken = reply.generateCsrf();
    if (!found || !signedIn) return { signedIn: false, csrfToken };
    const { user } = found;
    const extras = await Promise.all(app.meExtras.map((extra) => extra(user.id)));
    return { signedIn: true, csrfToken, user: { id: user.id, displayName: user.displayName, role: user.role, emailVerified: !!user.emailVerifiedAt }, ...Object.assign({}, ...extras) };
  });

}
