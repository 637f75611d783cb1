import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Rendered } from '../reader-pages.ts';
import { etagOf, headFor, matchesEtag, type CachedPage, type PageCache } from './page-cache.ts';
import { pageHeaders } from './page-headers.ts';
import type { PageCacheCounts } from './metrics.ts';

const HTML = 'text/html; charset=utf-8';

/**
 * Answering with reader pages: from the page cache when it holds one, otherwise rendered, kept
 * and written. Every answer goes straight to the socket with headers prepared in advance.
 * `failure` turns what a page's renderer threw into a page (or rethrows it).
 */
export function pageServer(
  app: FastifyInstance,
  cache: PageCache,
  headers: { security: Record<string, string>; surrogateKeys: boolean; cacheTags: boolean },
  failure: (error: unknown) => Promise<Rendered>,
  counts: PageCacheCounts,
) {
  const headersFor = pageHeaders(headers.security, headers.surrogateKeys, headers.cacheTags);

  /**
   * Writes a page straight to the socket: no hooks, no serialisation, headers prepared in
   * advance. `requestId` only on the fast path: through Fastify the header is already on `res`.
   */
  function writeRaw(req: IncomingMessage, res: ServerResponse, page: CachedPage, requestId?: string) {
    // While shutting down, clients are asked to drop their keep-alive connections.
    const closing = app.isClosing() ? ['connection', 'close'] : null;
    const extra = requestId === undefined ? closing : closing ? ['x-request-id', requestId, ...closing] : ['x-request-id', requestId];
    if (page.status === 200 && matchesEtag(req.headers['if-none-match'], page.etag)) {
      const head = headFor(page, 'notModified', 0);
      res.writeHead(304, extra ? [...head, ...extra] : head);
      res.end();
      return;
    }
    const { body, encoding } = cache.encoded(page, req.headers['accept-encoding']);
    const head = headFor(page, encoding ?? 'identity', body.length);
    res.writeHead(page.status, extra ? [...head, ...extra] : head);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  function write(request: FastifyRequest, reply: FastifyReply, page: CachedPage) {
    reply.hijack();
    writeRaw(request.raw, reply.raw, page);
  }

  /** Serves from the page cache, rendering (and keeping) the page on a miss. */
  async function serve(request: FastifyRequest, reply: FastifyReply, cacheKey: string | null, produce: () => Promise<Rendered>) {
    const hit = cacheKey ? cache.get(cacheKey) : undefined;
    if (hit) {
      counts.hit();
      cache.alias(request.url, cacheKey!);
      return write(request, reply, hit);
    }
    if (cacheKey) counts.miss();
    const ticket = cache.ticket();
    let rendered: Rendered;
    try {
      rendered = await produce();
    } catch (error) {
      rendered = await failure(error);
    }
    const type = rendered.type ?? HTML;
    const etag = etagOf(rendered.body);
    const page: CachedPage = {
      status: rendered.status,
      body: rendered.body,
      type,
      etag,
      keys: rendered.keys,
      headers: { ...headersFor(rendered.status, type, etag, rendered.keys), ...(rendered.location ? { location: rendered.location } : {}) },
    };
    // A redirect is kept like a page when it says where (a live entry's permalink, purged with the blog's entries).
    if (cacheKey && rendered.cacheable !== false && (page.status === 200 || page.status === 410 || (page.status === 302 && rendered.location))) {
      cache.set(cacheKey, page, ticket, rendered.ttlMs);
      cache.alias(request.url, cacheKey);
    }
    return write(request, reply, page);
  }

  /** The hot path inside Fastify: a page already served for this exact URL goes out before routing. */
  const answerCached: onRequestHookHandler = (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const page = cache.forRequest(request.url);
    if (!page) return done();
    counts.hit();
    write(request, reply, page);
  };

  /**
   * For the HTTP server itself: answers a request for a page already cached under its exact
   * URL before Fastify routes it, and says whether it did. `requestId` names the request
   * (called only when answering: a request Fastify takes is named there).
   */
  function fastPath(req: IncomingMessage, res: ServerResponse, requestId: (req: IncomingMessage) => string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const page = cache.forRequest(req.url ?? '');
    if (!page) return false;
    counts.hit();
    writeRaw(req, res, page, requestId(req));
    return true;
  }

  return { serve, write, answerCached, fastPath };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** True once shutdown began: responses then ask clients to close their connections. */
    isClosing(): boolean;
  }
}
