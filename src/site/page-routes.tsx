import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isSlug, pageImages, presentPublicPage, sitePages } from '../content/index.ts';
import type { AppContext } from '../context.ts';
import { sitePageKey } from './cache/keys.ts';
import { SitePage } from './pages/site-page.tsx';
import { access, hide, type ReaderPages } from './reader-pages.ts';
import { describe } from './seo.ts';

const PageParams = Type.Object({ slug: Type.String() });

/**
 * The site's own pages at /info/{slug}, cached under the page's key: a save, publish or
 * withdrawal purges it. A withdrawn page answers 410 (kept under the same key, so publishing it
 * again brings it back); an unknown or never-published one 404.
 */
export function registerSitePages(app: FastifyInstance, ctx: AppContext, pages: ReaderPages) {
  const { database, urls } = ctx;
  const db = database.db;
  const { directory, serve, notice, document } = pages;

  app.withTypeProvider<TypeBoxTypeProvider>().get('/info/:slug', { config: access, schema: { ...hide, params: PageParams } }, async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) return serve(request, reply, null, () => notice(404));
    // Read inside the render, after the cache's ticket: a purge meanwhile is not lost.
    return serve(request, reply, `info:${slug}`, async () => {
      const found = await sitePages.getPublishedPage(db, slug);
      // Withdrawn: kept under the page's key, so publishing it again brings it back.
      if (found.state === 'withdrawn') return notice(410, [sitePageKey(found.pageId)]);
      const { page } = found;
      const site = await directory.site();
      const edition = await directory.defaultEdition();
      const view = presentPublicPage(page, await pageImages(db, [page]), urls);
      const meta = { title: `${view.title} | ${site.name}`, description: describe(view.summary), canonical: view.url };
      return { status: 200, keys: [sitePageKey(page.id)], body: await document(edition, meta, <SitePage page={view} edition={edition} />) };
    });
  });
}
