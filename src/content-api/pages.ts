import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sitePages, pageImages, presentPublicPage, PageSlugParams, PublicPage } from '../content/index.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/responses.ts';

const config = { access: 'public' } as const;
const tags = ['Content: pages'];

/** The site's own published pages (about, privacy notice, terms...) for apps; a withdrawn one answers 410. */
export const contentPageRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;
  const db = database.db;

  app.get(
    '/pages',
    {
      config,
      schema: {
        tags,
        summary: "The site's own published pages, by title, with their bodies",
        response: { 200: Type.Object({ items: Type.Array(PublicPage) }) },
      },
    },
    async () => {
      const pages = await sitePages.listPublishedPages(db);
      const images = await pageImages(db, pages);
      return { items: pages.map((page) => presentPublicPage(page, images, urls)) };
    },
  );

  app.get(
    '/pages/:slug',
    {
      config,
      schema: {
        tags,
        summary: 'One published page',
        params: PageSlugParams,
        response: { 200: PublicPage, ...errorResponses('bad_request', 'not_found', 'gone') },
      },
    },
    async (request) => {
      const found = await sitePages.getPublishedPage(db, request.params.slug);
      // Only the fact that it was withdrawn: the page's id is not for readers.
      if (found.state === 'withdrawn') throw new AppError('gone', 'This page has been withdrawn.');
      return presentPublicPage(found.page, await pageImages(db, [found.page]), urls);
    },
  );
};
