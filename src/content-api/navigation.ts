import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NavigationEditionParams, PublicMenus, absoluteMenu, readEditionMenus } from '../fronts/index.ts';
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
        description:
          'Every `url` is an absolute address: links to this site carry its public origin (https://…/politics), like every other Content API address; links elsewhere are as the editors saved them.',
        params: NavigationEditionParams,
        response: { 200: PublicMenus, ...errorResponses('bad_request', 'not_found') },
      },
    },
    async (request) => {
      const { edition } = request.params;
      const deps = { db: ctx.database.db, urls: ctx.urls, publicUrl: ctx.config.publicUrl };
      const menus = await readEditionMenus(deps, edition);
      return { edition, header: absoluteMenu(menus.header.items, deps.publicUrl), footer: absoluteMenu(menus.footer.items, deps.publicUrl) };
    },
  );
};
