import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { articles } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { Island } from '../../web/islands/island.tsx';
import { staffOnly } from './route-access.ts';

const ArticleParams = Type.Object({ id: Type.String({ maxLength: 1_000 }) });

/** The live blog composer's page: the island does the work through the live blog API. */
export function registerLivePages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/newsroom/articles/:id/live', { config: staffOnly, schema: { hide: true, params: ArticleParams } }, async (request, reply) => {
    if (!UUID.test(request.params.id)) throw new AppError('not_found', 'There is no such article.');
    const record = await articles.getArticle(ctx.database.db, request.params.id.toLowerCase());
    return kit.newsroomPage(
      reply,
      `Live: ${record.headline}`,
      <div class="newsroom newsroom--live">
        <p class="breadcrumb">
          <a href="/newsroom">Newsroom</a> › <a href={`/newsroom/articles/${record.id}`}>{record.headline}</a> › Live blog
        </p>
        <h1>Live blog: {record.headline}</h1>
        <Island name="live-composer" hydrate="now" props={{ articleId: record.id, csrf: reply.generateCsrf() }}>
          <p>Opening the composer…</p>
          <noscript>The composer needs JavaScript. The Admin API can post entries without it.</noscript>
        </Island>
      </div>,
    );
  });
}
