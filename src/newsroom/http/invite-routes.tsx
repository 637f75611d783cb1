import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { setSessionCookie, type AccountKit, endSession } from '../../accounts/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { publicPage } from '../../web/forms/kit.tsx';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { acceptInvite, describeInvite } from '../staff/service.ts';
import { InvitePage } from './invite-page.tsx';
import { SetupPage } from './setup-page.tsx';

/** The invitation's token; the links service says what is wrong with a bad one. */
const LinkQuery = pageQuery({ token: text(1_000) });
const AcceptForm = formBody({ token: text(1_000), displayName: text(), password: text() });

/** Where an invitation e-mail leads: who invited whom, as what, and the button that accepts. */
export function registerInviteRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): void {
  const { deps, names, client, state, retry } = kit;
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  typed.get('/newsroom/invite', { config: publicPage, schema: { hide: true, querystring: LinkQuery } }, async (request, reply) => {
    const { token } = request.query;
    try {
      const invite = await describeInvite(deps, token);
      return page(reply, 'Join the newsroom', <InvitePage state={state(reply, '/newsroom')} token={String(token)} invite={invite} />);
    } catch (error) {
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message })} token="" closed />);
    }
  });

  typed.post('/newsroom/invite', { config: publicPage, schema: { hide: true, body: AcceptForm } }, async (request, reply) => {
    const body = request.body;
    try {
      const { session } = await acceptInvite(
        deps,
        { token: body.token, displayName: (body.displayName ?? '').trim(), password: body.password ?? '' },
        client(request),
      );
      await endSession(ctx.database.db, request.cookies[names.session]);
      setSessionCookie(reply, names, session.token, session.expiresAt);
      return reply.redirect(session.complete ? '/newsroom' : '/account/sign-in/second-factor?returnTo=%2Fnewsroom', 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid') {
        const invite = await describeInvite(deps, body.token);
        return page(
          reply,
          'Join the newsroom',
          <InvitePage
            state={state(reply, '/newsroom', { error: error.message, values: { displayName: body.displayName ?? '' } })}
            token={String(body.token)}
            invite={invite}
          />,
          422,
        );
      }
      return retry(reply, error, (message) => <SetupPage state={state(reply, '/newsroom', { error: message })} token="" closed />);
    }
  });
}
