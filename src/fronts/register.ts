import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { FormKit } from '../web/forms/kit.tsx';
import { adminFrontRoutes } from './http/admin-api.ts';
import { registerToolPages } from './http/tool-pages.tsx';
import { frontsToolApi } from './http/tool-api.ts';
import { registerNavigation } from './navigation/register.ts';
import { frontsPart } from './privacy.ts';
import { PUBLISH_FRONT_JOB, runSchedule } from './schedule-service.ts';

/**
 * Wires the fronts domain: the fronts tool's pages and JSON API, the Admin API's fronts, the
 * job that publishes scheduled layouts, the domain's part of a person's data, and navigation
 * (the newsroom's menus page and the Admin API's menus).
 */
export async function registerFronts(app: FastifyInstance, ctx: AppContext, kit: FormKit): Promise<void> {
  app.personalData.register(frontsPart);
  app.jobs.register(PUBLISH_FRONT_JOB, async (payload: { scheduleId: string }) => {
    await runSchedule(ctx, payload.scheduleId); // announces the change once it has committed
  });
  registerToolPages(app, ctx, kit);
  await app.register(frontsToolApi, { prefix: '/newsroom/api/fronts', ctx });
  await app.register(adminFrontRoutes, { prefix: '/api/admin', ctx });
  await registerNavigation(app, ctx, kit);
}
