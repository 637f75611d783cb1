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
import multipart from '@fastify/multipart';
import { newTotpSecret, totpQrSvg, totpUri } from '../credentials/totp.ts';
import { listPasskeys, removePasskey, renamePasskey } from '../passkeys/service.ts';
import {
  avatarUrl,
  cancelDeletion,
  changePassword,
  confirmEmailChangeLink,
  disableTotp,
  enableTotp,
  exportAccount,
  removeAvatar,
  requestDeletion,
  requestEmailChange,
  setAvatar,
  updateProfile,
  useTotp,
} from '../profile/service.ts';
import { completeSession } from '../sessions/repository.ts';
import { registerPasskeyRoutes } from './passkey-routes.ts';
import { checkSignUpProof, signUpChallenge } from '../credentials/proof-of-work.ts';
import { clearSessionCookie, setSessionCookie } from './cookies.ts';
import { AccountPage, CheckInboxPage, ConfirmLinkPage, MessagePage, RegisterPage, ResetPasswordPage, ResetRequestPage, SecondFactorPage, SignInPage, TwoStepSetupPage, type AccountView, type FormState } from './pages.tsx';

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
    if (!signedIn.session.complete) return reply.redirect(`/account/sign-in/second-factor?returnTo=${encodeURIComponent(signedIn.returnTo)}`, 303);
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
      await startRegistration(deps, { email, displayName: (body.displayName ?? '').trim(), password: body.password ?? '', consents, returnTo: body.returnTo ?? '/', ip: request.ip });
    } catch (error) {
      const again = await challenge();
      return retry(reply, error, (message) => (
        <RegisterPage state={state(reply, body.returnTo, { error: message, values: values(body, ['displayName', 'email', ...Object.keys(body).filter((k) => k.startsWith('consent.'))]) })} challenge={again} />
      ));
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
      return await signIn(request, reply, await signInWithLink(deps, token, client(request)));
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

  const me = (request: FastifyRequest) => request.principal as Extract<typeof request.principal, { kind: 'account' }>;

  const NOTICES: Record<string, string> = {
    'signed-out-elsewhere': 'You are now signed out everywhere else.',
    'session-ended': 'That browser is signed out.',
    profile: 'Your profile is saved.',
    avatar: 'Your picture is saved.',
    'avatar-removed': 'Your picture is removed.',
    password: 'Your password is saved. Other browsers were signed out.',
    'email-sent': 'We have sent a link to both addresses. The change happens when both are confirmed.',
    'passkey-added': 'Your passkey is added.',
    'passkey-renamed': 'Your passkey is renamed.',
    'passkey-removed': 'Your passkey is removed.',
    'two-step-on': 'Two-step verification is on.',
    'two-step-off': 'Two-step verification is off.',
    'deletion-scheduled': 'Your account is scheduled for deletion. We have e-mailed you the date.',
    'deletion-cancelled': 'Your account is no longer scheduled for deletion.',
  };

  async function accountPageFor(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const principal = me(request);
    const user = await findUserById(ctx.database.db, principal.id);
    if (!user || user.state === 'erased') throw new AppError('unauthorized', 'Sign in to do this.');
    const [sessions, keys] = await Promise.all([listSessions(ctx.database.db, user.id), listPasskeys(ctx.database.db, user.id)]);
    const account: AccountView = {
      displayName: user.displayName,
      bio: user.bio,
      email: user.email,
      emailVerified: !!user.emailVerifiedAt,
      avatarUrl: avatarUrl(user.avatarKey),
      hasPassword: !!user.passwordHash,
      hasTotp: !!user.totpSecret,
      deleteAt: user.state === 'deleting' && user.deleteAt ? user.deleteAt.toISOString() : null,
      sessions: sessions.map((s) => ({ id: s.id, method: s.method, userAgent: s.userAgent, lastSeenAt: s.lastSeenAt.toISOString(), current: s.tokenHash === principal.tokenHash })),
      passkeys: keys.map((k) => ({ id: k.id, name: k.name, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null })),
    };
    const notice = NOTICES[String(query(request).done)];
    return page(reply, 'Your account', <AccountPage state={state(reply, '/account', { error })} account={account} notice={notice} />, error ? 422 : 200);
  }

  app.get('/account', { config: accountPage }, (request, reply) => accountPageFor(request, reply));

  /** An account form: does `work`, then back to the account page with a notice, or with the error. */
  const accountForm = (url: string, work: (request: FastifyRequest, body: Form) => Promise<string>) =>
    app.post(url, { config: accountPage }, async (request, reply) => {
      try {
        const done = await work(request, form(request));
        return reply.redirect(`/account?done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || !['invalid', 'bad_request', 'not_found', 'conflict'].includes(error.code)) throw error;
        return accountPageFor(request, reply, error.message);
      }
    });

  accountForm('/account/profile', async (request, body) => (await updateProfile(deps, me(request).id, { displayName: body.displayName, bio: body.bio }), 'profile'));
  accountForm('/account/avatar/remove', async (request) => (await removeAvatar(deps, ctx.storage, me(request).id), 'avatar-removed'));
  accountForm('/account/password', async (request, body) => (await changePassword(deps, me(request).id, me(request).tokenHash, { current: body.current, password: body.password }), 'password'));
  accountForm('/account/email', async (request, body) => (await requestEmailChange(deps, me(request).id, (body.email ?? '').trim()), 'email-sent'));
  accountForm('/account/passkeys/rename', async (request, body) => (await renamePasskey(ctx.database.db, me(request).id, body.id ?? '', body.name?.trim()), 'passkey-renamed'));
  accountForm('/account/passkeys/remove', async (request, body) => (await removePasskey(ctx.database.db, me(request).id, body.id ?? ''), 'passkey-removed'));
  accountForm('/account/two-step', async (request, body) => (await enableTotp(deps, me(request).id, body.secret, body.code), 'two-step-on'));
  accountForm('/account/two-step/disable', async (request, body) => (await disableTotp(deps, me(request).id, body.code), 'two-step-off'));
  accountForm('/account/delete/cancel', async (request) => (await cancelDeletion(deps, me(request).id), 'deletion-cancelled'));
  accountForm('/account/delete', async (request, body) => {
    if (body.confirm !== 'on') throw new AppError('invalid', 'Tick the box to confirm you want your account deleted.', 'confirm');
    if (body.comments !== 'keep' && body.comments !== 'remove') throw new AppError('invalid', 'Choose whether to keep or remove your comments.', 'comments');
    await requestDeletion(deps, me(request).id, me(request).tokenHash, body.comments === 'remove');
    return 'deletion-scheduled';
  });

  // Pictures come as multipart forms; the parser lives only here, with a small limit.
  await app.register(async (scope) => {
    await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 4 } });
    scope.post('/account/avatar', { config: accountPage }, async (request, reply) => {
      const upload = (request.body as { avatar?: unknown } | undefined)?.avatar;
      try {
        if (!Buffer.isBuffer(upload) || !upload.length) throw new AppError('invalid', 'Choose a picture to upload.', 'avatar');
        await setAvatar(deps, ctx.storage, me(request).id, upload);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
        return accountPageFor(request, reply, error.message);
      }
      return reply.redirect('/account?done=avatar', 303);
    });
  });

  app.get('/account/two-step', { config: accountPage }, async (request, reply) => {
    const user = (await findUserById(ctx.database.db, me(request).id))!;
    const secret = newTotpSecret();
    const svg = await totpQrSvg(totpUri(secret, ctx.config.siteName, user.email));
    return page(reply, 'Two-step verification', <TwoStepSetupPage state={state(reply, '/account')} secret={secret} qrSvg={svg} />);
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

  app.get('/account/data', { config: accountPage }, async (request, reply) => {
    const data = await exportAccount(deps, me(request).id);
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${ctx.config.siteName.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-account-${deps.now().toISOString().slice(0, 10)}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  accountForm('/account/sessions/end', async (request, body) => {
    const id = body.session ?? '';
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'No session was named.');
    await deleteSessionById(ctx.database.db, me(request).id, id);
    return 'session-ended';
  });
  accountForm('/account/sessions/end-all', async (request) => (await deleteSessionsOf(ctx.database.db, me(request).id, me(request).tokenHash), 'signed-out-elsewhere'));
  registerPasskeyRoutes(app, deps);

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
    return { signedIn: true, csrfToken, user: { id: user.id, displayName: user.displayName, role: user.role, emailVerified: !!user.emailVerifiedAt } };
  });

}
