import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NavigationEditionParams, PublicMenus, readEditionMenus } from '../fronts/index.ts';
import type { AppContext } from '../context.ts';
import { errorResponses } from '../platform/http/responses.ts';

/** An edition's menus for apps: what the site's header and footer show, saved or default. */
export const contentNavigationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/navigation/:edition',
    {
      config: { access: 'public' },
      schema: {
        tags: ['Content: navigation'],
        summary: "An edition's header menu (with sub-items) and footer menu, as the site shows them",
        params: NavigationEditionParams,
        response: { 200: PublicMenus, ...errorResponses('bad_request', 'not_found') },
      },
    },
    async (request) => {
      const { edition } = request.params;
      const deps = { db: ctx.database.db, urls: ctx.urls, publicUrl: ctx.config.publicUrl };
      const menus = await readEditionMenus(deps, edition, await request.server.navigationPages());
      return { edition, header: menus.header.items, footer: menus.footer.items };
    },
  );
};
