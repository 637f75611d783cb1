import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../platform/db/database.ts';
import {
  sitePages,
  pageImages,
  presentAdminPage,
  presentImage,
  presentRevision,
  presentRevisionDetail,
  PageAction,
  PageIdParams,
  PageRevisionParams,
  RestorePageRevision,
  SavePage,
  type PageRecord,
  type Urls,
} from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { actorOf } from '../../web/principal.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';

const config = { access: 'account', roles: EDITOR_ROLES, strong: true } as const;
const hide = { hide: true };

/**
 * What the page editor is given: the page as the Admin API shows it, its revisions, and the
 * pictures its body shows (for the image blocks in the editor).
 */
export async function pageEditorView(db: Executor, urls: Urls, page: PageRecord) {
  const images = await pageImages(db, [page]);
  const references = { images: {} as Record<string, { src: string | null; alt: string }>, articles: {} };
  for (const [id, image] of images) {
    const view = presentImage(image, urls);
    references.images[id] = { src: view.src, alt: view.alt };
  }
  return { page: presentAdminPage(page, urls), references, revisions: (await sitePages.listRevisions(db, page.id)).map(presentRevision) };
}
export type PageEditorView = Awaited<ReturnType<typeof pageEditorView>>;

/**
 * The page editor island's JSON (editors and admins, with the page's CSRF token): save with the
 * version edited, publish, withdraw, delete, read the history and restore a revision. The content service applies
 * the rules and announces each change, as for the Admin API.
 */
export const pageApiRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;
  const db = database.db;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());
  const answer = async (page: PageRecord) => pageEditorView(db, urls, page);

  app.get('/pages/:id', { config, schema: { ...hide, params: PageIdParams } }, async (request) => answer(await sitePages.getPage(db, request.params.id)));
  app.put('/pages/:id', { config, schema: { ...hide, params: PageIdParams, body: SavePage } }, async (request) =>
    answer(await sitePages.savePage(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/pages/:id/publish', { config, schema: { ...hide, params: PageIdParams, body: PageAction } }, async (request) =>
    answer(await sitePages.publishPage(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/pages/:id/withdraw', { config, schema: { ...hide, params: PageIdParams, body: PageAction } }, async (request) =>
    answer(await sitePages.withdrawPage(ctx, request.params.id, request.body, who(request))),
  );
  app.delete('/pages/:id', { config, schema: { ...hide, params: PageIdParams } }, async (request, reply) => {
    await sitePages.deletePage(ctx, request.params.id, who(request));
    return reply.status(204).send(null);
  });
  app.get('/pages/:id/revisions/:version', { config, schema: { ...hide, params: PageRevisionParams } }, async (request) => {
    return presentRevisionDetail(await sitePages.getRevision(db, request.params.id, request.params.version));
  });
  app.post('/pages/:id/revisions/:version/restore', { config, schema: { ...hide, params: PageRevisionParams, body: RestorePageRevision } }, async (request) =>
    answer(await sitePages.restorePageRevision(ctx, request.params.id, request.params.version, request.body, who(request))),
  );
};
