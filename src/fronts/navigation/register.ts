import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { adminNavigationRoutes } from './admin-api.ts';
import { registerNavigationPages } from './newsroom-routes.tsx';
import type { PageLinks } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The site's own published pages, which the default footer links (the site's directory reads them). */
    navigationPages: () => Promise<PageLinks>;
  }
}

/**
 * Navigation's HTTP: the newsroom's page and the Admin API. The default footer links the
 * site's published pages, which the site's directory already keeps; the Content API's route
 * reads them through `app.navigationPages`.
 */
export async function registerNavigation(app: FastifyInstance, ctx: AppContext, kit: FormKit): Promise<void> {
  const pages = async () => (await kit.pages.directory.site()).pages;
  app.decorate('navigationPages', pages);
  registerNavigationPages(app, ctx, kit);
  await app.register(adminNavigationRoutes, { prefix: '/api/admin', ctx, pages });
}
