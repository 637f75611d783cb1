import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { bearerMatches } from './access.ts';

/**
 * `/metrics` on the site's own port, for a scraper that can reach only that port: closed
 * unless METRICS_TOKEN is set, and then only with it (metrics say much about the site's
 * traffic and should not be public). `read` gives this process's metrics, or every worker's.
 */
export function registerMetricsRoute(app: FastifyInstance, token: string, read: () => Promise<{ contentType: string; body: string }>): void {
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token))
      throw new AppError('unauthorized', 'Metrics need the METRICS_TOKEN: send "Authorization: Bearer <token>".');
    const { contentType, body } = await read();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
