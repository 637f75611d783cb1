import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { articles, liveBlogs } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { Island } from '../../web/islands/island.tsx';
import { staffOf } from '../../web/principal.ts';
import { entryOfArticle } from '../admin-api/live-actions.ts';
import { framedBySelf, sendPreview } from './preview-page.tsx';
import { staffOnly } from './route-access.ts';

const ArticleParams = Type.Object({ id: Type.String({ maxLength: 1_000 }) });
const EntryPageParams = Type.Object({ id: Type.String({ maxLength: 1_000 }), entryId: Type.String({ maxLength: 1_000 }) });
const uuidOf = (id: string) => {
  if (!UUID.test(id)) throw new AppError('not_found', 'There is no such article or entry.');
  return id.toLowerCase();
};

/** The live blog composer's page: the island does the work through the live blog API. */
export function registerLivePages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get('/newsroom/articles/:id/live', { config: staffOnly, schema: { hide: true, params: ArticleParams } }, async (request, reply) => {
    const record = await articles.getArticle(ctx.database.db, uuidOf(request.params.id));
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

  /** An entry as readers would see it: the blog's page holding just that entry, as the reader pages draw it. A draft is its writer's (`maySeeEntry`). */
  typed.get(
    '/newsroom/articles/:id/entries/:entryId/preview',
    { config: staffOnly, onSend: framedBySelf, schema: { hide: true, params: EntryPageParams } },
    async (request, reply) => {
      const db = ctx.database.db;
      const record = await articles.getArticle(db, uuidOf(request.params.id));
      await liveBlogs.getBlog(db, record.id);
      const entry = await entryOfArticle(db, record.id, uuidOf(request.params.entryId), { account: staffOf(request).id });
      return sendPreview(reply, ctx, kit, record, entry);
    },
  );
}
