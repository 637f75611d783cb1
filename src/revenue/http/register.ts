import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { askSource } from '../asks/source.ts';
import { askRoutes } from './routes.ts';

/** Reader revenue: the support asks readers are shown, and what they do with them. */
export async function registerRevenue(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const source = askSource(ctx.database);
  await app.register(askRoutes, { prefix: '/api', ctx, source });
}
