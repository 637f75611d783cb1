import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountKit } from '../../accounts/http/kit.tsx';
import { setSessionCookie } from '../../accounts/http/cookies.ts';
import { endSession } from '../../accounts/sessions/service.ts';
import * as articles from '../../content/articles/service.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { readSettings, writeSetting } from '../settings/repository.ts';
import { checkSetupLink, createFirstAdmin } from '../setup/service.ts';
import { NewsroomHome, SettingsPage, SetupPage, STATUSES } from './pages.tsx';

/** Who works in the newsroom; readers and moderators do not (moderation gets its own pages). */
export const STAFF = ['contributor', 'writer', 'editor', 'admin'] as const;
const staffPage = { access: 'account', html: true, roles: STAFF } as const;
const adminPage = { access: 'account', html: true, roles: ['admin'] } as const;

/**
 * The newsroom under /newsroom: the first admin's setup page, the home list of articles, and
 * the settings. Every staff page first checks the second-factor rule.
 */
export async function registerNewsroomRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): Promise<void> {
  const { deps, names, client, page, state, query, form, retry } = kit;

  /** Staff pages need a strong session (passkey or one-time code) unless an admin turned the rule off. */
  async function secondFactorGate(request: FastifyRequest, reply: FastifyReply) {
    const principal = request.principal;
    if (principal?.kind !== 'account' || principal.strong) return;
    if (!(await readSettings(ctx.database.db)).staffSecondFactor) return;
    const back = encodeURIComponent(request.url);
    if (principal.hasSecondFactor) return reply.redirect(`/account/sign-in?returnTo=${back}&why=second-factor`, 303);
    return reply.redirect('/account?done=staff-second-factor#two-step', 303);
  }

  app.get('/newsroom/setup', { config: { access: 'public', html: true } }, async (request, reply) => {
    const token = query(request).token;
    try {
      await checkSetupLink(deps, token);
    } catch (error) {
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message })} token="" closed />);
    }
    return page(reply, 'Set up the newsroom', <SetupPage state={state(reply, '/newsroom')} token={String(token)} />);
  });

  app.post('/newsroom/setup', { config: { access: 'public', html: true } }, async (request, reply) => {
    const body = form(request);
    try {
      const { session } = await createFirstAdmin(deps, { token: body.token, email: (body.email ?? '').trim(), displayName: (body.displayName ?? '').trim(), password: body.password ?? '' }, client(request));
      await endSession(ctx.database.db, request.cookies[names.session]);
      setSessionCookie(reply, names, session.token, session.expiresAt);
      return reply.redirect('/newsroom', 303);
    } catch (error) {
      const values = { email: body.email ?? '', displayName: body.displayName ?? '' };
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message, values })} token={String(body.token ?? '')} />);
    }
  });

  app.get('/newsroom', { config: staffPage, preHandler: secondFactorGate }, async (request, reply) => {
    const raw = query(request).status;
    const status = typeof raw === 'string' && (STATUSES as readonly string[]).includes(raw) ? (raw as (typeof STATUSES)[number]) : undefined;
    const list = await articles.listArticles(ctx.database.db, { status, limit: 50 });
    const principal = request.principal as Extract<typeof request.principal, { kind: 'account' }>;
    return page(reply, 'Newsroom', <NewsroomHome items={list.items.map((a) => ({ id: a.id, headline: a.headline, status: a.status, section: a.section.name, modifiedAt: a.modifiedAt.toISOString(), authors: a.authors.map((x) => x.name) }))} status={status} isAdmin={principal.role === 'admin'} />);
  });

  app.get('/newsroom/settings', { config: adminPage, preHandler: secondFactorGate }, async (_request, reply) =>
    page(reply, 'Newsroom settings', <SettingsPage state={state(reply, '/newsroom/settings')} settings={await readSettings(ctx.database.db)} />),
  );

  app.post('/newsroom/settings', { config: adminPage, preHandler: secondFactorGate }, async (request, reply) => {
    const body = form(request);
    const principal = request.principal as Extract<typeof request.principal, { kind: 'account' }>;
    if (body.staffSecondFactor !== undefined && body.staffSecondFactor !== 'on') throw new AppError('bad_request', 'The second-factor setting is a checkbox.');
    await writeSetting(ctx.database.db, 'staffSecondFactor', body.staffSecondFactor === 'on', principal.id, ctx.now());
    return reply.redirect('/newsroom/settings', 303);
  });
}
