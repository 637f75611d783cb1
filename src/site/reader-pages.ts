import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { EditionView, PageMeta } from '../web/document/model.ts';
import type { CachedPage, PageCache } from './cache/page-cache.ts';
import type { SiteDirectory } from './directory.ts';

/**
 * What the reader site's page modules share: the shape of a rendered page, the ways to answer
 * with one, and the route options every reader page declares. Nothing here registers a route,
 * so any page module may import it without importing the others.
 */

/** A page as its module produced it, before headers, ETag and caching. */
export interface Rendered {
  status: number;
  body: Buffer;
  keys: string[];
  type?: string;
  /** Pages for arbitrary input (search, unknown slugs) are not kept. */
  cacheable?: boolean;
  /** Where a redirect (status 302) sends the reader. */
  location?: string;
  /** For pages that change with time alone (the news sitemap's 48 hours). */
  ttlMs?: number;
}

/** Serves from the page cache under `cacheKey` (none: never kept), rendering with `produce` on a miss. */
export type Serve = (request: FastifyRequest, reply: FastifyReply, cacheKey: string | null, produce: () => Promise<Rendered>) => Promise<unknown>;

/** Renders a page's content inside the reader layout of an edition. */
export type RenderDocument = (edition: EditionView, meta: PageMeta, page: VNode, query?: string) => Promise<Buffer>;

/** What the page modules share: the directory, the cache and the ways to answer with a page. */
export interface ReaderPages {
  directory: SiteDirectory;
  cache: PageCache;
  serve: Serve;
  write(request: FastifyRequest, reply: FastifyReply, page: CachedPage): void;
  notice(status: 400 | 404 | 410, keys?: string[], editionCode?: string): Promise<Rendered>;
  failure(error: unknown): Promise<Rendered>;
  document: RenderDocument;
}

/** Every reader page is public. */
export const access = { access: 'public' } as const;
/** Reader pages are HTML for people, not part of the documented API. */
export const hide = { hide: true } as const;
/** First path segments that belong to the JSON APIs, even where a reader page's pattern matches. */
export const API_ROOTS = /^(api|media)$/;
