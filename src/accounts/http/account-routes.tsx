import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { deleteSessionById, deleteSessionsOf, listSessions } from '../sessions/repository.ts';
import { findUserById } from '../users/repository.ts';
import multipart from '@fastify/multipart';
import { newTotpSecret, totpQrSvg, totpUri } from '../credentials/totp.ts';
import { listPasskeys, renamePasskey } from '../passkeys/service.ts';
import { disableApp, enableApp, removePasskeyFactor } from '../factors/service.ts';
import { avatarUrl, cancelDeletion, changePassword, removeAvatar, requestDeletion, requestEmailChange, setAvatar, updateProfile } from '../profile/service.ts';
import { registerPasskeyRoutes } from './passkey-routes.ts';
import { checkEnrolmentLink, useEnrolmentLink } from '../factors/enrolment.ts';
import { EnrolPage } from './pages/sign-in.tsx';
import { MessagePage } from '../../web/forms/components.tsx';
import { AccountPage, TwoStepSetupPage, type AccountView } from './pages/account.tsx';

import { type AccountKit } from './kit.tsx';
import { accountPage } from '../../web/forms/kit.tsx';
import { accountOf } from '../../web/principal.ts';
import {
  AvatarForm,
  ButtonForm,
  CodeForm,
  DeleteForm,
  DoneQuery,
  EmailForm,
  PasskeyForm,
  PasswordForm,
  ProfileForm,
  RenamePasskeyForm,
  SessionForm,
  TokenForm,
  TokenQuery,
  TwoStepForm,
} from './forms.ts';

/** The account page and the forms on it: profile, picture, address, password, passkeys, two-step, sessions, data, deletion. */
export async function registerAccountPageRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): Promise<void> {
  const { deps, page, state, retry, formPost } = kit;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

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
    'staff-second-factor':
      'The newsroom needs a second factor: add a passkey or set up an authenticator app below, then open the newsroom again. A newsroom account sets up its first one from its invitation, or from an enrolment link an admin gives you.',
    'enrolment-open': 'You may now add a passkey or set up an authenticator app below, within the next 30 minutes.',
  };

  /** The account page; `error`: why the form just posted was refused; `done`: what the last one did. */
  async function accountPageFor(request: FastifyRequest, reply: FastifyReply, error?: string, done?: string) {
    const principal = accountOf(request);
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
      sessions: sessions.map((s) => ({
        id: s.id,
        method: s.method,
        userAgent: s.userAgent,
        lastSeenAt: s.lastSeenAt.toISOString(),
        current: s.tokenHash === principal.tokenHash,
      })),
      passkeys: keys.map((k) => ({ id: k.id, name: k.name, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null })),
    };
    const notice = NOTICES[String(done)];
    return page(reply, 'Your account', <AccountPage state={state(reply, '/account', { error })} account={account} notice={notice} />, error ? 422 : 200);
  }

  typed.get('/account', { config: accountPage, schema: { querystring: DoneQuery } }, (request, reply) =>
    accountPageFor(request, reply, undefined, request.query.done),
  );

  /** An account form: does `work`, then back to the account page with a notice, or with the error. */
  const accountForm = <Body extends TSchema>(url: string, body: Body, work: (request: FastifyRequest, body: Static<Body>) => Promise<string>) =>
    formPost(
      url,
      { config: accountPage, schema: { body } },
      async (request, fields) => `/account?done=${await work(request, fields)}`,
      (request, reply, message) => accountPageFor(request, reply, message),
    );

  accountForm(
    '/account/profile',
    ProfileForm,
    async (request, body) => (await updateProfile(deps, accountOf(request).id, { displayName: body.displayName, bio: body.bio }), 'profile'),
  );
  accountForm('/account/avatar/remove', ButtonForm, async (request) => (await removeAvatar(deps, ctx.storage, accountOf(request).id), 'avatar-removed'));
  accountForm(
    '/account/password',
    PasswordForm,
    async (request, body) => (
      await changePassword(deps, accountOf(request).id, accountOf(request).tokenHash, { current: body.current, password: body.password }),
      'password'
    ),
  );
  accountForm(
    '/account/email',
    EmailForm,
    async (request, body) => (await requestEmailChange(deps, accountOf(request).id, (body.email ?? '').trim()), 'email-sent'),
  );
  accountForm(
    '/account/passkeys/rename',
    RenamePasskeyForm,
    async (request, body) => (await renamePasskey(ctx.database.db, accountOf(request).id, body.id ?? '', body.name?.trim()), 'passkey-renamed'),
  );
  // Factor changes follow the rule in factors/rules.ts; a first factor makes this session strong.
  const caller = (request: FastifyRequest) => ({ userId: accountOf(request).id, tokenHash: accountOf(request).tokenHash });
  accountForm(
    '/account/passkeys/remove',
    PasskeyForm,
    async (request, body) => (await removePasskeyFactor(deps, caller(request), body.id ?? ''), 'passkey-removed'),
  );
  accountForm(
    '/account/two-step',
    TwoStepForm,
    async (request, body) => (await enableApp(deps, caller(request), { secret: body.secret, code: body.code, current: body.current }), 'two-step-on'),
  );
  accountForm('/account/two-step/disable', CodeForm, async (request, body) => (await disableApp(deps, caller(request), body.code), 'two-step-off'));
  accountForm('/account/delete/cancel', ButtonForm, async (request) => (await cancelDeletion(deps, accountOf(request).id), 'deletion-cancelled'));
  accountForm('/account/delete', DeleteForm, async (request, body) => {
    if (body.confirm !== 'on') throw new AppError('invalid', 'Tick the box to confirm you want your account deleted.', 'confirm');
    if (body.comments !== 'keep' && body.comments !== 'remove') throw new AppError('invalid', 'Choose whether to keep or remove your comments.', 'comments');
    await requestDeletion(deps, accountOf(request).id, accountOf(request).tokenHash, body.comments === 'remove');
    return 'deletion-scheduled';
  });

  // Pictures come as multipart forms; the parser lives only here, with a small limit.
  await app.register(async (scope) => {
    await scope.register(multipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 4 } });
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/account/avatar', { config: accountPage, schema: { body: AvatarForm } }, async (request, reply) => {
      const upload = request.body.avatar;
      try {
        if (!Buffer.isBuffer(upload) || !upload.length) throw new AppError('invalid', 'Choose a picture to upload.', 'avatar');
        await setAvatar(deps, ctx.storage, accountOf(request).id, upload);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
        return accountPageFor(request, reply, error.message);
      }
      return reply.redirect('/account?done=avatar', 303);
    });
  });

  app.get('/account/two-step', { config: accountPage, schema: {} }, async (request, reply) => {
    const user = (await findUserById(ctx.database.db, accountOf(request).id))!;
    const secret = newTotpSecret();
    const svg = await totpQrSvg(totpUri(secret, ctx.config.siteName, user.email));
    return page(
      reply,
      'Two-step verification',
      <TwoStepSetupPage state={state(reply, '/account')} secret={secret} qrSvg={svg} replacing={!!user.totpSecret} />,
    );
  });

  accountForm('/account/sessions/end', SessionForm, async (request, body) => {
    const id = body.session ?? '';
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'No session was named.');
    await deleteSessionById(ctx.database.db, accountOf(request).id, id);
    return 'session-ended';
  });
  accountForm(
    '/account/sessions/end-all',
    ButtonForm,
    async (request) => (await deleteSessionsOf(ctx.database.db, accountOf(request).id, accountOf(request).tokenHash), 'signed-out-elsewhere'),
  );

  // An admin's enrolment link: opened while signed in to the account it was made for.
  const linkProblem = (reply: FastifyReply, error: unknown) => {
    const problem = (message: string) => <MessagePage title="This link cannot be used" message={message} link={{ href: '/account', label: 'Your account' }} />;
    if (error instanceof AppError && error.code === 'forbidden') return page(reply, 'This link cannot be used', problem(error.message), 403);
    return retry(reply, error, problem);
  };
  typed.get('/account/enrol', { config: accountPage, schema: { querystring: TokenQuery } }, async (request, reply) => {
    const token = request.query.token;
    try {
      await checkEnrolmentLink(deps, caller(request), token);
    } catch (error) {
      return linkProblem(reply, error);
    }
    return page(reply, 'Set up your second factor', <EnrolPage state={state(reply, '/account')} token={String(token)} />);
  });
  typed.post('/account/enrol', { config: accountPage, schema: { body: TokenForm } }, async (request, reply) => {
    try {
      await useEnrolmentLink(deps, caller(request), request.body.token);
    } catch (error) {
      return linkProblem(reply, error);
    }
    return reply.redirect('/account?done=enrolment-open#two-step', 303);
  });
  registerPasskeyRoutes(app, deps);
}
