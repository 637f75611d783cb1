import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';
import { describeWait } from './service.ts';

/**
 * Rate limits on hot public writes (`config.rateLimit` on a route), counted in memory per
 * process: the database-backed limits are for the few routes where abuse costs money or mail;
 * these only keep one network from flooding a counter. An exceeded limit is our own 429.
 */
export async function registerRouteRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    // Per network, not per address: an IPv6 reader has a /64 of addresses to rotate through.
    keyGenerator: (request) => request.network,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('too_many_requests', `Too many requests from your network. Try again in ${describeWait(seconds)}.`, undefined, {
        retryAfterSeconds: seconds,
      });
    },
  });
}
