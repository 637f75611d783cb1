import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, text } from '../../web/forms/schema.ts';
import { staffOf } from '../../web/principal.ts';
import { issueToken, listTokens, withdrawToken } from '../tokens/service.ts';
import { adminOnly } from './route-access.ts';
import { TokensPage } from './tokens-page.tsx';

const TokenForm = formBody({ name: text() });
const RevokeForm = formBody({ id: text(200) });

/** Admin API tokens: made here by an admin, shown once, revoked here too. */
export function registerTokenRoutes(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state, formPost } = kit;
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  async function tokensPage(reply: FastifyReply, error?: string, created?: { name: string; token: string }) {
    const tokens = (await listTokens(ctx.database.db)).map((tk) => ({
      id: tk.id,
      name: tk.name,
      createdAt: tk.createdAt.toISOString(),
      lastUsedAt: tk.lastUsedAt?.toISOString() ?? null,
      revokedAt: tk.revokedAt?.toISOString() ?? null,
    }));
    // A page showing a new token is never kept anywhere: no-store, like every account page.
    return page(
      reply,
      'Admin API tokens',
      <TokensPage state={state(reply, '/newsroom/tokens', { error })} tokens={tokens} created={created} />,
      error ? 422 : 200,
    );
  }

  typed.get('/newsroom/tokens', { config: adminOnly, schema: { hide: true } }, (_request, reply) => tokensPage(reply));

  typed.post('/newsroom/tokens', { config: adminOnly, schema: { hide: true, body: TokenForm } }, async (request, reply) => {
    try {
      const created = await issueToken(ctx.database, staffOf(request), { name: request.body.name ?? '' }, ctx.now());
      return await tokensPage(reply, undefined, { name: created.name, token: created.token });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
      return tokensPage(reply, error.message);
    }
  });

  formPost(
    '/newsroom/tokens/revoke',
    { config: adminOnly, schema: { hide: true, body: RevokeForm } },
    async (request, body) => (await withdrawToken(ctx.database, staffOf(request), { id: body.id ?? '' }, ctx.now()), '/newsroom/tokens'),
    (_request, reply, error) => tokensPage(reply, error),
  );
}
