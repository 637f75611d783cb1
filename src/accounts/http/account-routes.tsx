import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { deleteSessionById, deleteSessionsOf, listSessions } from '../sessions/repository.ts';
import { findUserById } from '../users/repository.ts';
import multipart from '@fastify/multipart';
import { newTotpSecret, totpQrSvg, totpUri } from '../credentials/totp.ts';
import { listPasskeys, renamePasskey } from '../passkeys/service.ts';
import { disableApp, enableApp, removePasskeyFactor } from '../factors/service.ts';
import {
  avatarUrl,
  cancelDeletion,
  changePassword,
  removeAvatar,
  requestDeletion,
  requestEmailChange,
  setAvatar,
  updateProfile,
} from '../profile/service.ts';
import { registerPasskeyRoutes } from './passkey-routes.ts';
import { checkEnrolmentLink, useEnrolmentLink } from '../factors/enrolment.ts';
import { EnrolPage } from './pages/sign-in.tsx';
import { MessagePage } from '../../web/forms/components.tsx';
import { AccountPage, TwoStepSetupPage, type AccountView } from './pages/account.tsx';

import { type AccountKit } from './kit.tsx';
import { accountPage, type Form } from '../../web/forms/kit.tsx';

/** The account page and the forms on it: profile, picture, address, password, passkeys, two-step, sessions, data, deletion. */
export async function registerAccountPageRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): Promise<void> {
  const { deps, page, state, query, form, retry, formPost } = kit;
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
    'staff-second-factor':
      'The newsroom needs a second factor: add a passkey or set up an authenticator app below, then open the newsroom again. A newsroom account sets up its first one from its invitation, or from an enrolment link an admin gives you.',
    'enrolment-open': 'You may now add a passkey or set up an authenticator app below, within the next 30 minutes.',
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
    formPost(url, { config: accountPage }, async (request, body) => `/account?done=${await work(request, body)}`, accountPageFor);

  accountForm('/account/profile', async (request, body) => (await updateProfile(deps, me(request).id, { displayName: body.displayName, bio: body.bio }), 'profile'));
  accountForm('/account/avatar/remove', async (request) => (await removeAvatar(deps, ctx.storage, me(request).id), 'avatar-removed'));
  accountForm('/account/password', async (request, body) => (await changePassword(deps, me(request).id, me(request).tokenHash, { current: body.current, password: body.password }), 'password'));
  accountForm('/account/email', async (request, body) => (await requestEmailChange(deps, me(request).id, (body.email ?? '').trim()), 'email-sent'));
  accountForm('/account/passkeys/rename', async (request, body) => (await renamePasskey(ctx.database.db, me(request).id, body.id ?? '', body.name?.trim()), 'passkey-renamed'));
  // Factor changes follow the rule in factors/rules.ts; a first factor makes this session strong.
  const caller = (request: FastifyRequest) => ({ userId: me(request).id, tokenHash: me(request).tokenHash });
  accountForm('/account/passkeys/remove', async (request, body) => (await removePasskeyFactor(deps, caller(request), body.id ?? ''), 'passkey-removed'));
  accountForm('/account/two-step', async (request, body) => (await enableApp(deps, caller(request), { secret: body.secret, code: body.code, current: body.current }), 'two-step-on'));
  accountForm('/account/two-step/disable', async (request, body) => (await disableApp(deps, caller(request), body.code), 'two-step-off'));
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
    return page(reply, 'Two-step verification', <TwoStepSetupPage state={state(reply, '/account')} secret={secret} qrSvg={svg} replacing={!!user.totpSecret} />);
  });


  accountForm('/account/sessions/end', async (request, body) => {
    const id = body.session ?? '';
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'No session was named.');
    await deleteSessionById(ctx.database.db, me(request).id, id);
    return 'session-ended';
  });
  accountForm('/account/sessions/end-all', async (request) => (await deleteSessionsOf(ctx.database.db, me(request).id, me(request).tokenHash), 'signed-out-elsewhere'));

  // An admin's enrolment link: opened while signed in to the account it was made for.
  const linkProblem = (reply: FastifyReply, error: unknown) => {
    const problem = (message: string) => <MessagePage title="This link cannot be used" message={message} link={{ href: '/account', label: 'Your account' }} />;
    if (error instanceof AppError && error.code === 'forbidden') return page(reply, 'This link cannot be used', problem(error.message), 403);
    return retry(reply, error, problem);
  };
  app.get('/account/enrol', { config: accountPage }, async (request, reply) => {
    const token = query(request).token;
    try {
      await checkEnrolmentLink(deps, caller(request), token);
    } catch (error) {
      return linkProblem(reply, error);
    }
    return page(reply, 'Set up your second factor', <EnrolPage state={state(reply, '/account')} token={String(token)} />);
  });
  app.post('/account/enrol', { config: accountPage }, async (request, reply) => {
    try {
      await useEnrolmentLink(deps, caller(request), form(request).token);
    } catch (error) {
      return linkProblem(reply, error);
    }
    return reply.redirect('/account?done=enrolment-open#two-step', 303);
  });
  registerPasskeyRoutes(app, deps);
}
