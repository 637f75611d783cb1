import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../../context.ts';
import { AppError, HTTP_STATUS } from '../../platform/errors.ts';
import type { EditionView, PageMeta } from '../../site/model.ts';
import type { SiteDirectory } from '../../site/directory.ts';
import { safeReturnTo, type AccountsDeps } from '../flows/deps.ts';
import { startRegistration } from '../flows/registration.ts';
import { completePasswordReset, requestPasswordReset, requestSignInLink, signInWithLink, signInWithPassword, type SignedIn } from '../flows/sign-in.ts';
import { peekLink } from '../links/service.ts';
import { deleteSessionById, deleteSessionsOf, listSessions } from '../sessions/repository.ts';
import { endSession } from '../sessions/service.ts';
import { findUserById } from '../users/repository.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';
import { AccountPage, CheckInboxPage, ConfirmLinkPage, MessagePage, RegisterPage, ResetPasswordPage, ResetRequestPage, SignInPage, type FormState } from './pages.tsx';

interface SitePages {
  directory: SiteDirectory;
  document(edition: EditionView, meta: PageMeta, page: VNode): Promise<Buffer>;
}

type Form = Record<string, string | undefined>;

const publicPage = { access: 'public', html: true } as const;
const accountPage = { access: 'account', html: true } as const;

/**
 * The account pages and the forms they post. Pages are private to one browser (`no-store`);
 * every form carries a CSRF token, checked for every write by http/plugin.ts.
 */
export async function registerAccountRoutes(app: FastifyInstance, ctx: AppContext, pages: SitePages): Promise<void> {
  const deps: AccountsDeps = { database: ctx.database, publicUrl: ctx.config.publicUrl, siteName: ctx.config.siteName, now: ctx.now };
  const names = app.cookieNames;
  const client = (request: FastifyRequest) => ({ userAgent: String(request.headers['user-agent'] ?? ''), ip: request.ip });

  async function page(reply: FastifyReply, title: string, body: VNode, status = 200) {
    const site = await pages.directory.site();
    const edition = await pages.directory.defaultEdition();
    const html = await pages.document(edition, { title: `${title} | ${site.name}`, description: '', canonical: `${site.publicUrl}/account`, robots: 'noindex' }, body);
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
  }

  const state = (reply: FastifyReply, returnTo: unknown, extra: Partial<FormState> = {}): FormState => ({ csrf: reply.generateCsrf(), returnTo: safeReturnTo(returnTo), ...extra });
  const query = (request: FastifyRequest) => request.query as Record<string, unknown>;
  const form = (request: FastifyRequest) => (request.body ?? {}) as Form;

  /** Signs the browser in: the session it had (if any) ends, so the token always changes. */
  async function signIn(request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) {
    await endSession(ctx.database.db, request.cookies[names.session]);
    setSessionCookie(reply, names, signedIn.session.token, signedIn.session.expiresAt);
    return reply.redirect(signedIn.returnTo, 303);
  }

  /** Expected failures of a form: the same page again, with the message and what was typed. */
  async function retry(reply: FastifyReply, error: unknown, render: (message: string) => VNode) {
    if (!(error instanceof AppError) || error.code === 'too_many_requests') throw error;
    return page(reply, 'Please check', render(error.message), error.code === 'gone' ? 410 : error.code === 'bad_request' ? 400 : 422);
  }

  // Errors a form route does not handle itself (CSRF, rate limits) still get a page.
  app.htmlErrorPage = async (request, reply, error) => {
    if (error.code === 'unauthorized' && request.method === 'GET') return reply.redirect(`/account/sign-in?returnTo=${encodeURIComponent(safeReturnTo(request.url))}`, 303);
    return page(reply, 'Something needs attention', <MessagePage title="Something needs attention" message={error.message} link={{ href: '/account/sign-in', label: 'Back to sign in' }} />, HTTP_STATUS[error.code]);
  };

  const values = (body: Form, keys: string[]) => Object.fromEntries(keys.map((k) => [k, body[k] ?? '']));

  app.get('/account/register', { config: publicPage }, async (request, reply) => page(reply, 'Create your account', <RegisterPage state={state(reply, query(request).returnTo)} />));

  app.post('/account/register', { config: publicPage }, async (request, reply) => {
    const body = form(request);
    const email = (body.email ?? '').trim();
    // The honeypot: a person never fills it; answer a script as if it worked.
    if (body.website) return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="register" />);
    try {
      const consents = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (k.startsWith('consent.') ? [[k.slice(8), v]] : [])));
      await startRegistration(deps, { email, displayName: (body.displayName ?? '').trim(), password: body.password ?? '', consents, returnTo: body.returnTo ?? '/', ip: request.ip });
    } catch (error) {
      return retry(reply, error, (message) => <RegisterPage state={state(reply, body.returnTo, { error: message, values: values(body, ['displayName', 'email', ...Object.keys(body).filter((k) => k.startsWith('consent.'))]) })} />);
    }
    return page(reply, 'Check your inbox', <CheckInboxPage email={email} what="register" />);
  });

  app.get('/account/sign-in', { config: publicPage }, async (request, reply) => {
    return page(reply, 'Sign in', <SignInPage state={state(reply, query(request).returnTo)} />);
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
      const link = await peekLink(ctx.database.db, token, ['register', 'sign-in'], ctx.now());
      return page(reply, 'Confirm', <ConfirmLinkPage state={state(reply, '/')} token={token as string} purpose={link.purpose} />);
    } catch (error) {
      return retry(reply, error, (message) => <MessagePage title="This link cannot be used" message={message} link={{ href: '/account/sign-in', label: 'Sign in another way' }} />);
    }
  });

  app.post('/account/confirm', { config: publicPage }, async (request, reply) => {
    try {
      return await signIn(request, reply, await signInWithLink(deps, form(request).token, client(request)));
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

  app.get('/account', { config: accountPage }, async (request, reply) => {
    const principal = request.principal!;
    if (principal.kind !== 'account') throw new AppError('forbidden', 'Only people have accounts.');
    const user = (await findUserById(ctx.database.db, principal.id))!;
    const sessions = await listSessions(ctx.database.db, user.id);
    const notice = { 'signed-out-elsewhere': 'You are now signed out everywhere else.', 'session-ended': 'That browser is signed out.' }[String(query(request).done)];
    const account = {
      displayName: user.displayName,
      email: user.email,
      emailVerified: !!user.emailVerifiedAt,
      hasPassword: !!user.passwordHash,
      sessions: sessions.map((s) => ({ id: s.id, method: s.method, userAgent: s.userAgent, lastSeenAt: s.lastSeenAt.toISOString(), current: s.tokenHash === principal.tokenHash })),
    };
    return page(reply, 'Your account', <AccountPage state={state(reply, '/account')} account={account} notice={notice} />);
  });

  app.post('/account/sessions/end', { config: accountPage }, async (request, reply) => {
    const principal = request.principal as Extract<typeof request.principal, { kind: 'account' }>;
    const id = form(request).session ?? '';
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'No session was named.');
    await deleteSessionById(ctx.database.db, principal.id, id);
    return reply.redirect('/account?done=session-ended', 303);
  });

  app.post('/account/sessions/end-all', { config: accountPage }, async (request, reply) => {
    const principal = request.principal as Extract<typeof request.principal, { kind: 'account' }>;
    await deleteSessionsOf(ctx.database.db, principal.id, principal.tokenHash);
    return reply.redirect('/account?done=signed-out-elsewhere', 303);
  });

  /**
   * Who is signed in, for the islands of cached pages: the shared HTML never says, this small
   * private answer does. It also hands out the CSRF token islands send with their writes.
   */
  app.get('/api/me', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const found = await app.currentSession(request);
    reply.header('cache-control', 'private, no-store');
    const csrfToken = reply.generateCsrf();
    if (!found || !found.session.complete) return { signedIn: false, csrfToken };
    const { user } = found;
    return { signedIn: true, csrfToken, user: { id: user.id, displayName: user.displayName, role: user.role, emailVerified: !!user.emailVerifiedAt } };
  });

}
