import type { FastifyInstance } from 'fastify';
import { DURATION_BUCKETS, type Metrics } from './metrics.ts';

/** The route label of answers the page cache gives before Fastify routes the request. */
export const PAGE_CACHE_ROUTE = 'page-cache';

/**
 * Requests by route, method and status, with their durations: one histogram (its `_count` is the
 * number of requests). The label is the route's pattern (`/articles/:slug`), never the URL, so
 * the number of series stays that of the routes; a request no route matched counts as
 * `unmatched`. Returns the count for the page cache's fast path, which Fastify never sees.
 */
export function registerRequestMetrics(app: FastifyInstance, metrics: Metrics): (method: string, status: number, seconds: number) => void {
  const durations = metrics.histogram({
    name: 'masthead_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status, and how long they took to answer.',
    labels: ['route', 'method', 'status'],
    buckets: DURATION_BUCKETS,
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    durations.observe({ route, method: request.method, status: reply.statusCode }, reply.elapsedTime / 1000);
    done();
  });
  return (method, status, seconds) => durations.observe({ route: PAGE_CACHE_ROUTE, method, status }, seconds);
}
