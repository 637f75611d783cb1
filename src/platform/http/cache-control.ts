import type { FastifyInstance } from 'fastify';

/** What a response says about caching when its route said nothing. */
export const DEFAULT_CACHE_CONTROL = 'private, no-store';

/**
 * Every response says whether a shared cache may keep it. A CDN (Fastly) or Varnish's built-in
 * rules keep a 200 that says nothing for their default time, so a personal answer from a route
 * that forgot (an account page, a JSON read behind a session) would be served to the next
 * reader. Routes that may be shared say so themselves (`public`, `s-maxage`); everything else is
 * private and never stored. Reader pages written from the page cache skip Fastify's hooks and
 * carry their own header.
 */
export function registerDefaultCacheControl(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', DEFAULT_CACHE_CONTROL);
    return payload;
  });
}
