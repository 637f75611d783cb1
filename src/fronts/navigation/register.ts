import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { FormKit } from '../../web/forms/kit.tsx';
import { adminNavigationRoutes } from './admin-api.ts';
import { registerNavigationPages } from './newsroom-routes.tsx';

/** Navigation's HTTP: the newsroom's page and the Admin API (the Content API's route is in content-api/). */
export async function registerNavigation(app: FastifyInstance, ctx: AppContext, kit: FormKit): Promise<void> {
  registerNavigationPages(app, ctx, kit);
  await app.register(adminNavigationRoutes, { prefix: '/api/admin', ctx });
}
