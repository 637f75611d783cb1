import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { setSessionCookie, type AccountKit, endSession } from '../../accounts/index.ts';
import type { AppContext } from '../../context.ts';
import { publicPage } from '../../web/forms/kit.tsx';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { checkSetupLink, createFirstAdmin } from '../setup/service.ts';
import { SetupPage } from './setup-page.tsx';

/** A one-time link's token; the links service says what is wrong with a bad one. */
const LinkQuery = pageQuery({ token: text(1_000) });
const SetupForm = formBody({ token: text(1_000), email: text(), displayName: text(), password: text() });

/** The first admin's set-up page, opened from the link printed at start while the site has no admin. */
export function registerSetupRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): void {
  const { deps, names, client, state, retry } = kit;
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get('/newsroom/setup', { config: publicPage, schema: { hide: true, querystring: LinkQuery } }, async (request, reply) => {
    const { token } = request.query;
    try {
      await checkSetupLink(deps, token);
    } catch (error) {
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message })} token="" closed />);
    }
    return page(reply, 'Set up the newsroom', <SetupPage state={state(reply, '/newsroom')} token={String(token)} />);
  });

  typed.post('/newsroom/setup', { config: publicPage, schema: { hide: true, body: SetupForm } }, async (request, reply) => {
    const body = request.body;
    try {
      const { session } = await createFirstAdmin(
        deps,
        { token: body.token, email: (body.email ?? '').trim(), displayName: (body.displayName ?? '').trim(), password: body.password ?? '' },
        client(request),
      );
      await endSession(ctx.database.db, request.cookies[names.session]);
      setSessionCookie(reply, names, session.token, session.expiresAt);
      return reply.redirect('/newsroom', 303);
    } catch (error) {
      const values = { email: body.email ?? '', displayName: body.displayName ?? '' };
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message, values })} token={String(body.token ?? '')} />);
    }
  });
}
