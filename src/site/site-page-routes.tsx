import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isSlug, pageImages, presentPublicPage, sitePages } from '../content/index.ts';
import type { AppContext } from '../context.ts';
import { sitePageKey } from './cache/keys.ts';
import { SitePage } from './pages/site-page.tsx';
import { access, hide, type ReaderPages } from './reader-pages.ts';
import { describe } from './seo.ts';
import { AppError } from '../platform/errors.ts';
import { editionPrefix } from '../web/document/model.ts';

const PageParams = Type.Object({ slug: Type.String() });

/**
 * The site's own pages: `/info/{slug}` in the default edition, and `/{edition}/info/{slug}` in
 * each other one, so the header and footer are the menus of the edition the reader is in (as
 * article pages pick theirs); the address in the default edition's prefix redirects to the
 * plain one. Cached per edition under the page's key: a save, publish or withdrawal purges
 * every edition's copy. A withdrawn page answers 410 (kept under the same key, so publishing it
 * again brings it back); an unknown or never-published one 404. The canonical address is the
 * plain one: the text is the same in every edition.
 */
export async function registerSitePages(app: FastifyInstance, ctx: AppContext, pages: ReaderPages) {
  const { database, urls } = ctx;
  const db = database.db;
  const { directory, serve, notice, document } = pages;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  async function sitePage(request: FastifyRequest, reply: FastifyReply, slug: string, editionCode: string | null) {
    const inEdition = editionCode ?? undefined;
    if (!isSlug(slug)) return serve(request, reply, null, () => notice(404, [], inEdition));
    if (editionCode !== null && !editionPrefix(await directory.site(), editionCode))
      return reply.status(301).header('location', `/info/${slug}`).header('cache-control', 'public, max-age=300').send();
    // Read inside the render, after the cache's ticket: a purge meanwhile is not lost.
    return serve(request, reply, `info:${editionCode ?? ''}:${slug}`, async () => {
      const found = await sitePages.getPublishedPage(db, slug).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return null;
        throw error;
      });
      // Missing or never published: a 404 in the reader's edition (not kept: nothing to purge it by).
      if (!found) return notice(404, [], inEdition);
      // Withdrawn: kept under the page's key, so publishing it again brings it back.
      if (found.state === 'withdrawn') return notice(410, [sitePageKey(found.pageId)], inEdition);
      const { page } = found;
      const site = await directory.site();
      const edition = (editionCode && (await directory.edition(editionCode))) || (await directory.defaultEdition());
      const view = presentPublicPage(page, await pageImages(db, [page]), urls);
      const meta = { title: `${view.title} | ${site.name}`, description: describe(view.summary), canonical: view.url };
      return { status: 200, keys: [sitePageKey(page.id)], body: await document(edition, meta, <SitePage page={view} edition={edition} />) };
    });
  }

  const options = { config: access, schema: { ...hide, params: PageParams } };
  typed.get('/info/:slug', options, (request, reply) => sitePage(request, reply, request.params.slug, null));
  for (const edition of (await directory.site()).editions) {
    typed.get(`/${edition.code}/info/:slug`, options, (request, reply) => sitePage(request, reply, request.params.slug, edition.code));
  }
}
