import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import { startRegistration } from '../flows/registration.ts';
import { completePasswordReset, requestPasswordReset, requestSignInLink, signInWithLink, signInWithPassword } from '../flows/sign-in.ts';
import { peekLink } from '../links/service.ts';
import { endSession } from '../sessions/service.ts';
import { confirmEmailChangeLink, useTotp } from '../profile/service.ts';
import { completeSession } from '../sessions/repository.ts';
import { checkSignUpProof, signUpChallenge } from '../credentials/proof-of-work.ts';
import { randomToken } from '../credentials/tokens.ts';
import { clearSessionCookie } from './cookies.ts';
import { CheckInboxPage, ConfirmLinkPage, RegisterPage, ResetPasswordPage, ResetRequestPage, SecondFactorPage, SignInPage } from './pages/sign-in.tsx';
import { MessagePage } from '../../web/forms/components.tsx';
import { policyPage } from '../../web/forms/policy-link.tsx';
import { PRIVACY_SLUG } from '../../content/index.ts';

import { type AccountKit } from './kit.tsx';
import { publicPage } from '../../web/forms/kit.tsx';
import { ButtonForm, CodeForm, EmailForm, MeQuery, RegisterForm, ResetForm, ReturnQuery, SignInForm, SignInQuery, TokenForm, TokenQuery } from './forms.ts';

/** Registration, the ways to sign in (password, e-mailed link, second factor), reset, sign-out, and /api/me. */
export function registerSignInRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): void {
  const { deps, names, client, page, state, signIn, retry, values } = kit;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const challenge = () => signUpChallenge(ctx.database.db, ctx.now());
  const privacy = async () => policyPage((await kit.pages.directory.site()).pages, PRIVACY_SLUG);
  typed.get('/account/register', { config: publicPage, schema: { querystring: ReturnQuery } }, async (request, reply) =>
    page(reply, 'Create your account', <RegisterPage state={state(reply, request.query.returnTo)} challenge={await challenge()} privacy={await privacy()} />),
  );

  typed.post('/account/register', { config: publicPage, schema: { body: RegisterForm } }, async (request, reply) => {
    const body = request.body;
    const email = (body.email ?? '').trim();
    // The honeypot: a person never fills it; answer a script as if it worked.
    if (body.website) return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="register" />);
    try {
      await checkSignUpProof(ctx.database.db, body.altcha, ctx.now());
      const consents = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (k.startsWith('consent.') ? [[k.slice(8), v]] : [])));
      const browser = randomToken();
      await startRegistration(deps, {
        email,
        displayName: (body.displayName ?? '').trim(),
        password: body.password ?? '',
        consents,
        returnTo: body.returnTo ?? '/',
        network: request.network,
        browser,
      });
      reply.setCookie(names.registration, browser, { path: '/account', httpOnly: true, secure: names.secure, sameSite: 'lax', maxAge: 24 * 60 * 60 });
    } catch (error) {
      const again = await challenge();
      const privacyPage = await privacy();
      return retry(reply, error, (message) => (
        <RegisterPage
          state={state(reply, body.returnTo, {
            error: message,
            values: values(body, ['displayName', 'email', ...Object.keys(body).filter((k) => k.startsWith('consent.'))]),
          })}
          challenge={again}
          privacy={privacyPage}
        />
      ));
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="register" />);
  });

  typed.get('/account/sign-in', { config: publicPage, schema: { querystring: SignInQuery } }, async (request, reply) => {
    const notice =
      request.query.why === 'second-factor'
        ? 'The newsroom asks for a second factor: sign in with your passkey, or with your password and a code from your app.'
        : undefined;
    return page(reply, 'Sign in', <SignInPage state={state(reply, request.query.returnTo)} notice={notice} />);
  });

  typed.post('/account/sign-in', { config: publicPage, schema: { body: SignInForm } }, async (request, reply) => {
    const body = request.body;
    try {
      return await signIn(
        request,
        reply,
        await signInWithPassword(deps, { email: (body.email ?? '').trim(), password: body.password ?? '', returnTo: body.returnTo ?? '/' }, client(request)),
      );
    } catch (error) {
      return retry(reply, error, (message) => <SignInPage state={state(reply, body.returnTo, { error: message, values: values(body, ['email']) })} />);
    }
  });

  typed.post('/account/sign-in/link', { config: publicPage, schema: { body: EmailForm } }, async (request, reply) => {
    const body = request.body;
    const email = (body.email ?? '').trim();
    try {
      await requestSignInLink(deps, { email, returnTo: body.returnTo ?? '/' }, client(request));
    } catch (error) {
      return retry(reply, error, (message) => <SignInPage state={state(reply, body.returnTo, { error: message, values: values(body, ['email']) })} />);
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="sign-in" />);
  });

  typed.get('/account/confirm', { config: publicPage, schema: { querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token;
    try {
      const link = await peekLink(ctx.database.db, token, ['register', 'sign-in', 'change-email-old', 'change-email-new'], ctx.now());
      return page(reply, 'Confirm', <ConfirmLinkPage state={state(reply, '/')} token={String(token)} purpose={link.purpose} />);
    } catch (error) {
      return retry(reply, error, (message) => (
        <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/sign-in', label: 'Sign in another way' }} />
      ));
    }
  });

  typed.post('/account/confirm', { config: publicPage, schema: { body: TokenForm } }, async (request, reply) => {
    const token = request.body.token;
    try {
      const link = await peekLink(ctx.database.db, token, ['register', 'sign-in', 'change-email-old', 'change-email-new'], ctx.now());
      if (link.purpose === 'change-email-old' || link.purpose === 'change-email-new') {
        const { done, email } = await confirmEmailChangeLink(deps, token);
        const message = done
          ? `Your account's address is now ${email}.`
          : 'Confirmed from this address. The change happens once it is confirmed from the other one too.';
        return page(
          reply,
          'Address change',
          <MessagePage title={done ? 'Address changed' : 'Halfway there'} message={message} link={{ href: '/account', label: 'Your account' }} />,
        );
      }
      const signedIn = await signInWithLink(deps, token, client(request), request.cookies[names.registration]);
      if (link.purpose === 'register') reply.clearCookie(names.registration, { path: '/account' });
      return await signIn(request, reply, signedIn);
    } catch (error) {
      return retry(reply, error, (message) => (
        <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/sign-in', label: 'Sign in another way' }} />
      ));
    }
  });

  typed.get('/account/reset', { config: publicPage, schema: { querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token;
    if (token === undefined) return page(reply, 'Forgotten your password?', <ResetRequestPage state={state(reply, '/')} />);
    try {
      await peekLink(ctx.database.db, token, ['reset-password'], ctx.now());
      return page(reply, 'Choose a new password', <ResetPasswordPage state={state(reply, '/account')} token={token} />);
    } catch (error) {
      return retry(reply, error, (message) => (
        <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/reset', label: 'Ask for a new link' }} />
      ));
    }
  });

  typed.post('/account/reset', { config: publicPage, schema: { body: EmailForm } }, async (request, reply) => {
    const body = request.body;
    const email = (body.email ?? '').trim();
    try {
      await requestPasswordReset(deps, { email }, client(request));
    } catch (error) {
      return retry(reply, error, (message) => <ResetRequestPage state={state(reply, '/', { error: message, values: values(body, ['email']) })} />);
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="reset" />);
  });

  typed.post('/account/reset/complete', { config: publicPage, schema: { body: ResetForm } }, async (request, reply) => {
    const body = request.body;
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

  typed.post('/account/sign-out', { config: publicPage, schema: { body: ButtonForm } }, async (request, reply) => {
    await endSession(ctx.database.db, request.cookies[names.session]);
    clearSessionCookie(reply, names);
    return reply.redirect(safeReturnTo(request.body.returnTo), 303);
  });

  typed.get('/account/sign-in/second-factor', { config: publicPage, schema: { querystring: ReturnQuery } }, async (request, reply) => {
    const found = await app.currentSession(request);
    if (!found || found.session.complete) return reply.redirect('/account/sign-in', 303);
    return page(reply, 'Enter your code', <SecondFactorPage state={state(reply, request.query.returnTo)} />);
  });

  typed.post('/account/sign-in/second-factor', { config: publicPage, schema: { body: CodeForm } }, async (request, reply) => {
    const body = request.body;
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
  typed.get('/api/me', { config: { access: 'public' }, schema: { hide: true, querystring: MeQuery } }, async (request, reply) => {
    const found = await app.currentSession(request);
    reply.header('cache-control', 'private, no-store');
    const signedIn = !!found?.session.complete;
    // A signed-out reader gets a CSRF token (and its cookie) only when an island asks for one
    // to act with: reading pages leaves no cookie behind.
    if (!signedIn && request.query.csrf !== '1') return { signedIn: false };
    const csrfToken = reply.generateCsrf();
    if (!found || !signedIn) return { signedIn: false, csrfToken };
    const { user } = found;
    const extras = await Promise.all(app.meExtras.map((extra) => extra(user.id)));
    return {
      signedIn: true,
      csrfToken,
      user: { id: user.id, displayName: user.displayName, role: user.role, emailVerified: !!user.emailVerifiedAt },
      ...Object.assign({}, ...extras),
    };
  });
}
