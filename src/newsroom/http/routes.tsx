import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountKit } from '../../accounts/http/kit.tsx';
import { setSessionCookie } from '../../accounts/http/cookies.ts';
import { endSession } from '../../accounts/sessions/service.ts';
import * as articles from '../../content/articles/service.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { readSettings, writeSetting } from '../settings/repository.ts';
import { checkSetupLink, createFirstAdmin } from '../setup/service.ts';
import { AuditPage, InvitePage, NewsroomHome, SettingsPage, SetupPage, StaffPage, TokensPage } from './pages.tsx';
import { readListFilters } from './list-filters.ts';
import { listAuthors, listEditions, listSections } from '../../content/taxonomy/repository.ts';
import { acceptInvite, describeInvite, GRANTABLE, inviteStaff, issueEnrolmentLink, listStaff, setRole } from '../staff/service.ts';
import { createToken, listTokens, revokeToken } from '../tokens/service.ts';
import { audit, listAudit } from '../audit/repository.ts';
import { graphemeCount, isName } from '../../platform/text.ts';
import { assertMay } from '../rights/rights.ts';
import { STAFF_ROLES, type StaffRole, ADMIN_ROLES } from '../../web/roles.ts';
import { editorsOf } from '../presence/repository.ts';
import { registerArticlePages } from './article-pages.tsx';
import { registerTaxonomyPages } from './taxonomy-pages.tsx';
import { newsroomPart } from '../privacy/part.ts';

/** Who works in the newsroom; readers and moderators do not (moderation gets its own pages). */
const staffOnly = { access: 'account', html: true, roles: STAFF_ROLES, strong: true } as const;
const adminOnly = { access: 'account', html: true, roles: ADMIN_ROLES, strong: true } as const;

/**
 * The newsroom under /newsroom: the first admin's setup page, the home list of articles, and
 * the settings. Every staff page first checks the second-factor rule.
 */
export async function registerNewsroomRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): Promise<void> {
  const { deps, names, client, state, query, form, retry, formPost } = kit;
  const page = kit.newsroomPage;
  app.personalData.register(newsroomPart);

  const actor = (request: FastifyRequest) => request.principal as Extract<typeof request.principal, { kind: 'account' }>;

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

  async function homePage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const db = ctx.database.db;
    const [sections, authors, editions] = await Promise.all([listSections(db), listAuthors(db), listEditions(db)]);
    const choices = { sections: sections.map((x) => ({ value: x.slug, label: x.name })), authors: authors.map((x) => ({ value: x.slug, label: x.name })), editions: editions.map((x) => ({ value: x.code, label: x.name })) };
    const filters = readListFilters(query(request), choices);
    const list = await articles.listArticles(db, { ...filters, matchPrefix: true, limit: 50 });
    const editing = await editorsOf(db, list.items.map((a) => a.id), ctx.now());
    const items = list.items.map((a) => ({
      id: a.id,
      headline: a.headline,
      status: a.status,
      section: a.section.name,
      modifiedAt: a.modifiedAt.toISOString(),
      authors: a.authors.map((x) => x.name),
      editing: editing.filter((e) => e.articleId === a.id).map((e) => e.name),
    }));
    const home = <NewsroomHome items={items} filters={filters} choices={choices} next={list.nextCursor} role={actor(request).role} state={state(reply, '/newsroom', { error })} />;
    return page(reply, 'Newsroom', home, error ? 422 : 200);
  }

  app.get('/newsroom', { config: staffOnly }, (request, reply) => homePage(request, reply));

  formPost(
    '/newsroom/articles',
    { config: staffOnly },
    async (request, body) => {
      assertMay(actor(request).role as StaffRole, 'create', 'draft');
      const headline = (body.headline ?? '').trim();
      if (!headline) throw new AppError('invalid', 'Give the article a headline to start with; it can change later.', 'headline');
      const created = await articles.createArticle(ctx, { headline, section: body.section ?? '' }, { actor: `account:${actor(request).name}`, now: ctx.now() });
      return `/newsroom/articles/${created.id}`;
    },
    homePage,
  );
  registerArticlePages(app, ctx, kit);
  registerTaxonomyPages(app, ctx, kit);

  app.get('/newsroom/settings', { config: adminOnly }, async (_request, reply) =>
    page(reply, 'Newsroom settings', <SettingsPage state={state(reply, '/newsroom/settings')} settings={await readSettings(ctx.database.db)} />),
  );

  app.post('/newsroom/settings', { config: adminOnly }, async (request, reply) => {
    const body = form(request);
    const principal = request.principal as Extract<typeof request.principal, { kind: 'account' }>;
    if (body.staffSecondFactor !== undefined && body.staffSecondFactor !== 'on') throw new AppError('bad_request', 'The second-factor setting is a checkbox.');
    await ctx.database.transaction(async (tx) => {
      await writeSetting(tx, 'staffSecondFactor', body.staffSecondFactor === 'on', principal.id, ctx.now());
      await audit(tx, principal, { action: 'settings.change', targetType: 'settings', targetId: 'staffSecondFactor', details: { value: body.staffSecondFactor === 'on' } }, ctx.now());
    });
    return reply.redirect('/newsroom/settings', 303);
  });

  const STAFF_NOTICES: Record<string, string> = { invited: 'The invitation is on its way.', role: 'The role is changed.' };

  async function staffPage(request: FastifyRequest, reply: FastifyReply, error?: string, issued?: { name: string; link: string }) {
    const staff = await listStaff(ctx.database.db);
    const notice = STAFF_NOTICES[String(query(request).done)];
    return page(reply, 'Staff', <StaffPage state={state(reply, '/newsroom/staff', { error })} staff={staff} roles={GRANTABLE} notice={notice} issued={issued} />, error ? 422 : 200);
  }

  /** An admin form: does `work`, then back to `back` with a notice, or the same page with the error. */
  const adminForm = (url: string, back: (request: FastifyRequest) => string, work: (request: FastifyRequest, body: Record<string, string | undefined>) => Promise<void>, again: (request: FastifyRequest, reply: FastifyReply, error: string) => Promise<unknown>) =>
    formPost(url, { config: adminOnly }, async (request, body) => (await work(request, body), back(request)), again);

  app.get('/newsroom/staff', { config: adminOnly }, (request, reply) => staffPage(request, reply));
  adminForm('/newsroom/staff/invite', () => '/newsroom/staff?done=invited', (request, body) => inviteStaff(deps, actor(request), { email: (body.email ?? '').trim(), role: body.role }), staffPage);
  adminForm('/newsroom/staff/role', () => '/newsroom/staff?done=role', (request, body) => setRole(deps, actor(request), body.user ?? '', body.role), staffPage);
  // Answered with the page itself, not a redirect: the link is shown this once and kept nowhere.
  app.post('/newsroom/staff/enrolment-link', { config: adminOnly }, async (request, reply) => {
    try {
      return await staffPage(request, reply, undefined, await issueEnrolmentLink(deps, actor(request), form(request).user));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
      return staffPage(request, reply, error.message);
    }
  });

  app.get('/newsroom/invite', { config: { access: 'public', html: true } }, async (request, reply) => {
    const token = query(request).token;
    try {
      const invite = await describeInvite(deps, token);
      return page(reply, 'Join the newsroom', <InvitePage state={state(reply, '/newsroom')} token={String(token)} invite={invite} />);
    } catch (error) {
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message })} token="" closed />);
    }
  });

  app.post('/newsroom/invite', { config: { access: 'public', html: true } }, async (request, reply) => {
    const body = form(request);
    try {
      const { session } = await acceptInvite(deps, { token: body.token, displayName: (body.displayName ?? '').trim(), password: body.password ?? '' }, client(request));
      await endSession(ctx.database.db, request.cookies[names.session]);
      setSessionCookie(reply, names, session.token, session.expiresAt);
      return reply.redirect(session.complete ? '/newsroom' : '/account/sign-in/second-factor?returnTo=%2Fnewsroom', 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid') {
        const invite = await describeInvite(deps, body.token);
        return page(reply, 'Join the newsroom', <InvitePage state={state(reply, '/newsroom', { error: error.message, values: { displayName: body.displayName ?? '' } })} token={String(body.token)} invite={invite} />, 422);
      }
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message })} token="" closed />);
    }
  });

  async function tokensPage(_request: FastifyRequest, reply: FastifyReply, error?: string, created?: { name: string; token: string }) {
    const tokens = (await listTokens(ctx.database.db)).map((tk) => ({ id: tk.id, name: tk.name, createdAt: tk.createdAt.toISOString(), lastUsedAt: tk.lastUsedAt?.toISOString() ?? null, revokedAt: tk.revokedAt?.toISOString() ?? null }));
    // A page showing a new token is never kept anywhere: no-store, like every account page.
    return page(reply, 'Admin API tokens', <TokensPage state={state(reply, '/newsroom/tokens', { error })} tokens={tokens} created={created} />, error ? 422 : 200);
  }

  app.get('/newsroom/tokens', { config: adminOnly }, (request, reply) => tokensPage(request, reply));
  app.post('/newsroom/tokens', { config: adminOnly }, async (request, reply) => {
    const name = (form(request).name ?? '').trim();
    if (!isName(name) || graphemeCount(name) > 100) return tokensPage(request, reply, 'The name must be one line of visible text, up to 100 characters.');
    const created = await ctx.database.transaction(async (tx) => {
      const made = await createToken(tx, name);
      await audit(tx, actor(request), { action: 'token.create', targetType: 'api-token', targetId: made.id, details: { name } }, ctx.now());
      return made;
    });
    return tokensPage(request, reply, undefined, { name: created.name, token: created.token });
  });
  adminForm(
    '/newsroom/tokens/revoke',
    () => '/newsroom/tokens',
    async (request, body) => {
      const id = body.id ?? '';
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'No token was named.');
      await ctx.database.transaction(async (tx) => {
        if (!(await revokeToken(tx, id))) throw new AppError('not_found', 'That token was not found, or is revoked already.');
        await audit(tx, actor(request), { action: 'token.revoke', targetType: 'api-token', targetId: id }, ctx.now());
      });
    },
    (request, reply, error) => tokensPage(request, reply, error),
  );

  app.get('/newsroom/audit', { config: adminOnly }, async (request, reply) => {
    const raw = query(request).before;
    const before = typeof raw === 'string' && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : undefined;
    const PAGE = 50;
    const events = await listAudit(ctx.database.db, { ...(before ? { before } : {}), limit: PAGE });
    const view = events.map((e) => ({ at: e.at.toISOString(), actorName: e.actorName, actorKind: e.actorKind, action: e.action, targetType: e.targetType, targetId: e.targetId, details: e.details }));
    return page(reply, 'Audit log', <AuditPage events={view} next={events.length === PAGE ? view.at(-1)!.at : null} />);
  });
}
