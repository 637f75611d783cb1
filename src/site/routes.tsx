import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { registerArticlePages } from './article-routes.tsx';
import { registerAssets } from './asset-routes.ts';
import { keepAssets } from './kept-assets.ts';
import { siteAssets } from './assets.ts';
import { PageCache } from './cache/page-cache.ts';
import { pageCacheMetrics } from './cache/metrics.ts';
import { purgeOnChanges } from './cache/purge.ts';
import { pageServer } from './cache/serve.ts';
import { SiteDirectory } from './directory.ts';
import { readerDocuments } from './documents.tsx';
import { registerFeeds } from './feeds/routes.ts';
import { registerFronts } from './front-routes.tsx';
import { registerFrontPreview } from './fronts/preview-routes.tsx';
import { securityHeaders } from './headers.ts';
import { registerListings } from './listing-routes.tsx';
import type { ReaderPages } from './reader-pages.ts';
import { registerSearch } from './search-routes.tsx';
import { registerSitePages } from './site-page-routes.tsx';
import { registerLiveStream } from './live/stream/route.ts';

/**
 * The reader site: its page cache, kept true by content events, and every reader page. Returns
 * what the rest of the app needs from it: the layout for other domains' pages, the fast path
 * the HTTP server answers cached pages with, and the HTML 404 page.
 */
export async function registerSite(app: FastifyInstance, ctx: AppContext) {
  const { database, urls, config } = ctx;
  const assets = await siteAssets();
  const directory = new SiteDirectory(database.db, urls, config.publicUrl, config.siteName, assets);
  const cache = new PageCache(config.pageCacheBytes);
  const counts = pageCacheMetrics(ctx.metrics, cache);
  app.decorate('pageCache', cache);

  const { document, notice, failure } = readerDocuments(directory);
  const { serve, write, answerCached, fastPath } = pageServer(
    app,
    cache,
    { security: securityHeaders(config.publicUrl, config.stripe?.pageOrigins), surrogateKeys: config.surrogateKeys, cacheTags: config.cdn?.cacheTags ?? false },
    failure,
    counts,
  );
  app.addHook('onRequest', answerCached);
  await purgeOnChanges(app, ctx, cache, directory, counts);

  const pages: ReaderPages = { directory, cache, serve, write, notice, failure, document };
  registerAssets(app, assets, database.db);
  await keepAssets(database.db, assets.files, ctx.now());
  await registerFronts(app, ctx, pages);
  registerFrontPreview(app, ctx, pages);
  registerListings(app, ctx, pages);
  await registerArticlePages(app, ctx, pages);
  await registerSearch(app, ctx, pages);
  await registerSitePages(app, ctx, pages);
  await registerFeeds(app, ctx, { directory, serve });
  await registerLiveStream(app, ctx, directory);

  return {
    cache,
    directory,
    /** Renders a page in the site's layout, for other domains' pages (accounts). */
    document,
    fastPath,
    /** The HTML 404 page for any unmatched address outside the APIs. */
    notFound: async (request: FastifyRequest, reply: FastifyReply) => serve(request, reply, null, () => notice(404)),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    pageCache: PageCache;
  }
}
