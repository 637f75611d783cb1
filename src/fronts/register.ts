import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { adminFrontRoutes } from './http/admin-api.ts';
import { frontsToolApi } from './http/tool-api.ts';
import { frontsPart } from './privacy.ts';
import { PUBLISH_FRONT_JOB, runSchedule } from './schedule-service.ts';

/**
 * Wires the fronts domain: the fronts tool's JSON API, the Admin API's fronts, the job that
 * publishes scheduled layouts and the domain's part of a person's data.
 */
export async function registerFronts(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.personalData.register(frontsPart);
  app.jobs.register(PUBLISH_FRONT_JOB, async (payload: { scheduleId: string }) => {
    await runSchedule(ctx, payload.scheduleId); // announces the change once it has committed
  });
  await app.register(frontsToolApi, { prefix: '/newsroom/api/fronts', ctx });
  await app.register(adminFrontRoutes, { prefix: '/api/admin', ctx });
}
