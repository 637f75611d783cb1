import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../context.ts';
import { getAuthor, getTopic } from '../content/taxonomy/service.ts';
import { findImage } from '../content/images/repository.ts';
import { presentImage } from '../content/images/present.ts';
import { AppError } from '../platform/errors.ts';
import { notFoundJson } from '../platform/http/error-handler.ts';
import { isSlug } from '../content/slug.ts';
import { siteAssets } from './assets.ts';
import { SiteDirectory } from './directory.ts';
import { PageCache, etagOf, headFor, matchesEtag, type CachedPage } from './cache/page-cache.ts';
import { articleKey, keysToPurge, listKey } from './cache/keys.ts';
import { Layout } from '../web/document/layout.tsx';
import type { EditionView, PageMeta, SiteView } from '../web/document/model.ts';
import { FrontPage, ListingPage } from './pages/lists.tsx';
import { NoticePage } from '../web/document/notice.tsx';
import { renderDocument } from '../web/document/render.tsx';
import { SearchPage, type SearchQuery } from './pages/search.tsx';
import { pageOfArticles, searchArticles, withCommentCounts } from './loaders.ts';
import { describe } from './seo.ts';
import { securityHeaders } from './headers.ts';
import { registerFeeds } from './feeds/routes.ts';
import { registerArticlePages } from './article-routes.tsx';

const HTML = 'text/html; charset=utf-8';
// Browsers revalidate every time (cheap with ETags); shared caches keep a page a minute and may
// serve it stale briefly while fetching a new one. Purges by surrogate key make it exact here.
export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=30';
const GONE_CACHE_CONTROL = 'public, max-age=0, s-maxage=300';
const PAGE_CHANNEL = 'masthead_pages';

/** What the page modules share: the directory, the cache and the ways to answer with a page. */
export interface ReaderPages {
  directory: SiteDirectory;
  cache: PageCache;
  serve(request: FastifyRequest, reply: FastifyReply, cacheKey: string | null, produce: () => Promise<Rendered>): Promise<unknown>;
  write(request: FastifyRequest, reply: FastifyReply, page: CachedPage): void;
  notice(status: 400 | 404 | 410, keys?: string[]): Promise<Rendered>;
  failure(error: unknown): Promise<Rendered>;
  document(edition: EditionView, meta: PageMeta, page: VNode, query?: string): Promise<Buffer>;
}

export interface Rendered {
  status: number;
  body: Buffer;
  keys: string[];
  type?: string;
  /** Pages for arbitrary input (search, unknown slugs) are not kept. */
  cacheable?: boolean;
  /** For pages that change with time alone (the news sitemap's 48 hours). */
  ttlMs?: number;
}

export const access = { access: 'public' } as const;
export const API_ROOTS = /^(api|media)$/;
export const hide = { hide: true };

/** `?page=N`: 1 when absent; a 400 page for anything that is not a page number we could have. */
function pageNumber(raw: unknown): number {
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,2}$/.test(raw)) throw new AppError('bad_request', 'page must be a page number from 1 to 999.', 'page');
  return Number(raw);
}

export async function registerSite(app: FastifyInstance, ctx: AppContext) {
  const { database, urls, config } = ctx;
  const db = database.db;
  const assets = await siteAssets();
  const directory = new SiteDirectory(db, urls, config.publicUrl, config.siteName, assets);
  const cache = new PageCache(config.pageCacheBytes);
  app.decorate('pageCache', cache);
  const security = securityHeaders(config.publicUrl, config.stripe?.pageOrigins);

  // The hot path: a page already served for this exact URL goes out before routing.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    const page = cache.forRequest(request.url);
    if (!page) return done();
    write(request, reply, page);
  });

  // Purge here at once, and tell the other processes (PostgreSQL with WORKERS > 1).
  const origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const purge = (keys: Set<string> | null) => {
    if (keys === null) directory.invalidate();
    cache.purge(keys);
  };
  ctx.events.on('change', (change) => {
    const keys = keysToPurge(change);
    purge(keys);
    if (database.engine === 'postgres') {
      void database.notify(PAGE_CHANNEL, JSON.stringify({ origin, keys: keys && [...keys] })).catch((error) => app.log.error({ err: error }, 'cache purge broadcast failed'));
    }
  });
  if (database.engine === 'postgres') {
    const stop = await database.listen(PAGE_CHANNEL, (payload) => {
      try {
        const message = JSON.parse(payload) as { origin: string; keys: string[] | null };
        if (message.origin !== origin) purge(message.keys && new Set(message.keys));
      } catch {
        purge(null);
      }
    });
    app.addHook('onClose', stop);
  }

  const document = async (edition: EditionView, meta: PageMeta, page: VNode, query?: string) =>
    renderDocument(
      <Layout site={await directory.site()} edition={edition} meta={meta} query={query}>
        {page}
      </Layout>,
    );

  async function notice(status: 400 | 404 | 410, keys: string[] = []): Promise<Rendered> {
    const edition = await directory.defaultEdition();
    const site = await directory.site();
    const body = await document(edition, { title: `${status === 410 ? 'Withdrawn' : status === 404 ? 'Not found' : 'Bad request'} | ${site.name}`, description: '', canonical: site.publicUrl, robots: 'noindex' }, <NoticePage status={status} />);
    return { status, body, keys, cacheable: status === 410 };
  }

  /** Expected failures become reader pages; anything else goes to the error handler. */
  async function failure(error: unknown): Promise<Rendered> {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'gone') return notice(410, (error.details?.keys as string[] | undefined) ?? []);
    if (error.code === 'not_found') return notice(404);
    if (error.code === 'bad_request' || error.code === 'invalid') return notice(400);
    throw error;
  }

  /** Response headers of a page, computed once when it is rendered. */
  function headersFor(status: number, type: string, etag: string, keys: string[]): Record<string, string> {
    return {
      ...security,
      'content-type': type,
      etag,
      'cache-control': status === 410 ? GONE_CACHE_CONTROL : status === 200 ? PAGE_CACHE_CONTROL : 'no-store',
      vary: 'accept-encoding',
      ...(keys.length ? { 'surrogate-key': surrogateHeader(keys) } : {}),
    };
  }

  /** Writes a page straight to the socket: no hooks, no serialisation, headers prepared in advance. */
  function writeRaw(req: IncomingMessage, res: ServerResponse, page: CachedPage) {
    // While shutting down, clients are asked to drop their keep-alive connections.
    const closing = app.isClosing() ? ['connection', 'close'] : null;
    if (page.status === 200 && matchesEtag(req.headers['if-none-match'], page.etag)) {
      const head = headFor(page, 'notModified', 0);
      res.writeHead(304, closing ? [...head, ...closing] : head);
      res.end();
      return;
    }
    const { body, encoding } = cache.encoded(page, req.headers['accept-encoding']);
    const head = headFor(page, encoding ?? 'identity', body.length);
    res.writeHead(page.status, closing ? [...head, ...closing] : head);
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
      cache.alias(request.url, cacheKey!);
      return write(request, reply, hit);
    }
    const ticket = cache.ticket();
    let rendered: Rendered;
    try {
      rendered = await produce();
    } catch (error) {
      rendered = await failure(error);
    }
    const type = rendered.type ?? HTML;
    const etag = etagOf(rendered.body);
    const page: CachedPage = { status: rendered.status, body: rendered.body, type, etag, keys: rendered.keys, headers: headersFor(rendered.status, type, etag, rendered.keys) };
    if (cacheKey && rendered.cacheable !== false && (page.status === 200 || page.status === 410)) {
      cache.set(cacheKey, page, ticket, rendered.ttlMs);
      cache.alias(request.url, cacheKey);
    }
    return write(request, reply, page);
  }

  // Static assets: content-hashed names, kept for a year.
  app.get<{ Params: { file: string } }>('/assets/:file', { config: access, schema: hide }, async (request, reply) => {
    const asset = assets.files.get(request.params.file);
    if (!asset) throw new AppError('not_found', 'There is no such file.');
    if (matchesEtag(request.headers['if-none-match'], asset.etag)) return reply.status(304).send();
    return reply.header('content-type', asset.type).header('etag', asset.etag).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body);
  });

  // The front door sends readers to the edition they chose last time, or the first one.
  app.get('/', { config: access, schema: hide }, async (request, reply) => {
    const site = await directory.site();
    const remembered = /(?:^|;\s*)edition=([a-z]{2,10})(?:;|$)/.exec(request.headers.cookie ?? '')?.[1];
    const edition = site.editions.find((e) => e.code === remembered) ?? site.editions[0]!;
    return reply.status(302).header('location', `/${edition.code}`).header('cache-control', 'private, no-store').header('vary', 'cookie').send();
  });

  const site = await directory.site();
  for (const edition of site.editions) {
    app.get<{ Querystring: { page?: string } }>(`/${edition.code}`, { config: access, schema: hide }, async (request, reply) => {
      return serve(request, reply, `front:${edition.code}:${request.query.page ?? '1'}`, async () => {
        const page = pageNumber(request.query.page);
        const current = (await directory.edition(edition.code))!;
        const siteNow = await directory.site();
        const keys = [listKey('edition', edition.code)];
        let lead;
        let latest;
        const sections: { name: string; url: string; articles: Awaited<ReturnType<typeof pageOfArticles>>['items'] }[] = [];
        let hasNext;
        if (page === 1) {
          const top = await pageOfArticles(db, urls, { edition: edition.code }, 1, 13);
          [lead, ...latest] = top.items;
          hasNext = top.hasNext;
          keys.push(...top.keys);
          const shown = new Set(top.items.map((a) => a.id));
          for (const section of await directory.topLevel()) {
            const list = await pageOfArticles(db, urls, { edition: edition.code, section: section.slug }, 1, 8);
            const fresh = list.items.filter((a) => !shown.has(a.id)).slice(0, 4);
            if (!fresh.length) continue;
            sections.push({ name: section.name, url: urls.section(section.slug), articles: fresh });
            keys.push(...fresh.map((a) => articleKey(a.id)));
            for (const sub of await directory.subtree(section.id)) keys.push(listKey('section', sub.id));
          }
        } else {
          const list = await pageOfArticles(db, urls, { edition: edition.code }, page);
          if (!list.items.length) throw new AppError('not_found', 'No such page.');
          latest = list.items;
          hasNext = list.hasNext;
          keys.push(...list.keys);
        }
        keys.push(...(await withCommentCounts(db, [...(lead ? [lead] : []), ...(latest ?? []), ...sections.flatMap((section) => section.articles)])));
        const meta: PageMeta = {
          title: page === 1 ? `${siteNow.name}: news, ${current.name}` : `${current.name}, page ${page} | ${siteNow.name}`,
          description: `The latest reporting from ${siteNow.name}, free for everyone to read.`,
          canonical: page === 1 ? current.url : `${current.url}?page=${page}`,
          alternates: siteNow.editions.map((e) => ({ hreflang: e.locale, href: e.url })),
          feeds: [{ title: `${siteNow.name}`, href: '/rss.xml', type: 'rss' }],
        };
        return { status: 200, keys, body: await document(current, meta, <FrontPage edition={current} lead={lead} latest={latest ?? []} sections={sections} page={page} hasNext={hasNext ?? false} />) };
      });
    });
  }

  async function listing(request: FastifyRequest<{ Querystring: { page?: string } }>, reply: FastifyReply, kind: 'section' | 'topic' | 'author', slug: string) {
    if (!isSlug(slug)) return serve(request, reply, null, () => notice(404));
    return serve(request, reply, `${kind}:${slug}:${request.query.page ?? '1'}`, async () => {
      const page = pageNumber(request.query.page);
      const edition = await directory.defaultEdition();
      const siteNow = await directory.site();
      let title: string;
      let intro: string;
      let keys: string[];
      let children: VNode | undefined;
      let photo = null;
      let url: string;
      if (kind === 'section') {
        const section = await directory.section(slug);
        if (!section) throw new AppError('not_found', 'No such section.');
        title = section.name;
        intro = section.description;
        url = urls.section(slug);
        keys = (await directory.subtree(section.id)).map((s) => listKey('section', s.id));
        const subsections = await directory.children(section.id);
        if (subsections.length) {
          children = (
            <ul class="subsections" aria-label={`Inside ${section.name}`}>
              {subsections.map((s) => (
                <li>
                  <a href={urls.section(s.slug)}>{s.name}</a>
                </li>
              ))}
            </ul>
          );
        }
      } else if (kind === 'topic') {
        const topic = await getTopic(db, slug);
        title = topic.name;
        intro = topic.description;
        url = urls.topic(slug);
        keys = [listKey('topic', topic.id)];
      } else {
        const author = await getAuthor(db, slug);
        title = author.name;
        intro = [author.title, author.bio].filter(Boolean).join('. ');
        url = urls.author(slug);
        keys = [listKey('author', author.id)];
        const image = author.photoId ? await findImage(db, author.photoId) : undefined;
        photo = image ? presentImage(image, urls) : null;
      }
      const list = await pageOfArticles(db, urls, { [kind]: slug }, page);
      if (page > 1 && !list.items.length) throw new AppError('not_found', 'No such page.');
      keys.push(...(await withCommentCounts(db, list.items)));
      const path = new URL(url).pathname;
      const meta: PageMeta = {
        title: `${title}${page > 1 ? `, page ${page}` : ''} | ${siteNow.name}`,
        description: describe(intro || `${title}: articles from ${siteNow.name}.`),
        canonical: page === 1 ? url : `${url}?page=${page}`,
        feeds: [{ title: `${title} | ${siteNow.name}`, href: `${path}/rss.xml`, type: 'rss' }],
      };
      const body = await document(edition, meta, <ListingPage edition={edition} title={title} intro={intro} photo={photo} articles={list.items} page={page} hasNext={list.hasNext} path={path}>{children}</ListingPage>);
      return { status: 200, keys: [...keys, ...list.keys], body };
    });
  }

  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/topic/:slug', { config: access, schema: hide }, (request, reply) => listing(request, reply, 'topic', request.params.slug));
  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/author/:slug', { config: access, schema: hide }, (request, reply) => listing(request, reply, 'author', request.params.slug));
  app.get<{ Params: { section: string }; Querystring: { page?: string } }>('/:section', { config: access, schema: hide }, (request, reply) =>
    API_ROOTS.test(request.params.section) ? notFoundJson(request, reply) : listing(request, reply, 'section', request.params.section),
  );

  await registerArticlePages(app, ctx, { directory, cache, serve, write, notice, failure, document });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/search', { config: access, schema: hide }, (request, reply) =>
    serve(request, reply, null, async () => {
      const raw = request.query;
      const one = (name: string) => (Array.isArray(raw[name]) ? undefined : (raw[name] as string | undefined));
      const q = (one('q') ?? '').trim();
      if (q.length > 200 || Array.isArray(raw.q)) throw new AppError('bad_request', 'The search is too long.');
      const siteNow = await directory.site();
      const section = one('section') ?? '';
      const editionCode = one('edition') ?? '';
      if (section && !siteNow.nav.some((s) => s.slug === section)) throw new AppError('bad_request', 'Unknown section.');
      if (editionCode && !siteNow.editions.some((e) => e.code === editionCode)) throw new AppError('bad_request', 'Unknown edition.');
      const query: SearchQuery = { q, section, edition: editionCode, page: pageNumber(one('page')) };
      const found = q ? await searchArticles(db, urls, q, { ...(section ? { section } : {}), ...(editionCode ? { edition: editionCode } : {}) }, query.page) : { results: [], hasNext: false };
      const edition = (editionCode && (await directory.edition(editionCode))) || (await directory.defaultEdition());
      const meta: PageMeta = { title: `${q ? `${q} | ` : ''}Search | ${siteNow.name}`, description: `Search ${siteNow.name}.`, canonical: `${siteNow.publicUrl}/search`, robots: 'noindex' };
      return { status: 200, keys: [], cacheable: false, body: await document(edition, meta, <SearchPage site={siteNow} edition={edition} query={query} results={found.results} hasNext={found.hasNext} />, q) };
    }),
  );

  await registerFeeds(app, ctx, { directory, serve });

  return {
    cache,
    directory,
    /** Renders a page in the site's layout, for other domains' pages (accounts). */
    document,
    /**
     * For the HTTP server itself: answers a request for a page already cached under its exact
     * URL before Fastify routes it, and says whether it did.
     */
    fastPath: (req: IncomingMessage, res: ServerResponse): boolean => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const page = cache.forRequest(req.url ?? '');
      if (!page) return false;
      writeRaw(req, res, page);
      return true;
    },
    /** The HTML 404 page for any unmatched address outside the APIs. */
    notFound: async (request: FastifyRequest, reply: FastifyReply) => serve(request, reply, null, () => notice(404)),
  };
}

/** A Surrogate-Key header within the size CDNs accept: list scopes first, then articles. */
function surrogateHeader(keys: string[]): string {
  const ordered = [...keys.filter((k) => !k.startsWith('article:')), ...keys.filter((k) => k.startsWith('article:'))];
  let header = '';
  for (const key of ordered) {
    if (header.length + key.length + 1 > 4000) break;
    header += header ? ` ${key}` : key;
  }
  return header;
}

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache;
    /** True once shutdown began: responses then ask clients to close their connections. */
    isClosing(): boolean;
  }
}

export type { SiteView };
