import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../context.ts';
import { errorResponses } from '../../platform/http/responses.ts';
import { actorOf } from '../../web/principal.ts';
import { AdminMenus, EditionParams, SaveMenuBody } from './schemas.ts';
import { readEditionMenus, saveMenu, type EditionMenus, type MenuState } from './service.ts';

const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;
const tags = ['Admin: navigation'];

const present = (state: MenuState) => ({ ...state, savedAt: state.savedAt?.toISOString() ?? null });
const presentMenus = (edition: string, menus: EditionMenus) => ({ edition, header: present(menus.header), footer: present(menus.footer) });

/** The Admin API's navigation: read an edition's menus, save one whole with its version. */
export const adminNavigationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const read = async (edition: string) =>
    presentMenus(edition, await readEditionMenus({ db: ctx.database.db, urls: ctx.urls, publicUrl: ctx.config.publicUrl }, edition));

  app.get(
    '/navigation/:edition',
    {
      config,
      schema: {
        tags,
        security,
        summary: "An edition's header and footer menus (version 0: never saved, the default)",
        params: EditionParams,
        response: { 200: AdminMenus, ...errorResponses('bad_request', 'unauthorized', 'not_found') },
      },
    },
    async (request) => read(request.params.edition),
  );

  app.put(
    '/navigation/:edition',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Save one menu of an edition whole; a stale version answers 409 with both menus',
        params: EditionParams,
        body: SaveMenuBody,
        response: { 200: AdminMenus, ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'invalid') },
      },
    },
    async (request) => {
      const { edition } = request.params;
      const { menu, items, version } = request.body;
      await saveMenu(ctx, { edition, menu, items, version }, actorOf(request, ctx.now()));
      return read(edition);
    },
  );
};
