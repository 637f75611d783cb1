import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  articles,
  liveBlogs,
  lookupsFor,
  presentPublic,
  findImage,
  findImages,
  Entity,
  Page,
  PublicArticle,
  PublicArticleQuery,
  SlugParams,
  presentAuthor,
  presentEdition,
  presentSection,
  presentTopic,
  taxonomyReads,
  taxonomy,
} from '../content/index.ts';
import type { AppContext } from '../context.ts';
import { contentFrontRoutes } from './fronts.ts';
import { errorResponses } from '../platform/http/responses.ts';
import { contentLiveRoutes, liveEntriesUrl, presentLiveState } from './live.ts';
import { contentNavigationRoutes } from './navigation.ts';
import { contentPageRoutes } from './pages.ts';

/**
 * The Content API: public, read-only JSON of what readers can see. Drafts, scheduled and
 * unpublished articles never appear; a withdrawn article answers 410.
 */

const config = { access: 'public' } as const;
const readErrors = errorResponses('bad_request', 'not_found');
const List = Type.Object({ items: Type.Array(Entity) }, { additionalProperties: true });
// Short enough that a correction reaches API readers within half a minute.
const CACHE = 'public, max-age=30, stale-while-revalidate=30';

export const contentApiRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;
  const db = database.db;
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode < 400 && request.method === 'GET') reply.header('cache-control', CACHE);
  });

  await app.register(contentPageRoutes, { ctx });

  let tags = ['Content: articles'];
  app.get(
    '/articles',
    {
      config,
      schema: {
        tags,
        summary: 'Published articles, newest first (without bodies)',
        querystring: PublicArticleQuery,
        response: { 200: Page(PublicArticle), ...readErrors },
      },
    },
    async (request) => {
      const result = await articles.listPublishedArticles(db, request.query);
      const lookups = lookupsFor(result.items);
      return { items: result.items.map((a) => presentPublic(a, lookups, urls)), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/articles/:slug',
    {
      config,
      schema: {
        tags,
        summary: 'One published article with its body',
        params: SlugParams,
        response: { 200: PublicArticle, ...errorResponses('bad_request', 'not_found', 'gone') },
      },
    },
    async (request) => {
      const article = await articles.getPublishedArticle(db, request.params.slug);
      const blog = article.liveState ? await liveBlogs.findBlog(db, article.id) : undefined;
      const liveBlog = blog ? presentLiveState(blog, liveEntriesUrl(ctx.config.publicUrl, article.id)) : null;
      return { ...presentPublic(article, lookupsFor([article]), urls), liveBlog };
    },
  );

  tags = ['Content: authors'];
  app.get('/authors', { config, schema: { tags, summary: 'All authors', response: { 200: List } } }, async () => {
    const rows = await taxonomyReads.listAuthors(db);
    const photos = new Map(
      (
        await findImages(
          db,
          rows.flatMap((r) => (r.photoId ? [r.photoId] : [])),
        )
      ).map((i) => [i.id, i]),
    );
    return { items: rows.map((r) => presentAuthor(r, urls, r.photoId ? photos.get(r.photoId) : undefined, false)) };
  });
  app.get(
    '/authors/:slug',
    { config, schema: { tags, summary: 'An author with bio and photo', params: SlugParams, response: { 200: Entity, ...readErrors } } },
    async (request) => {
      const row = await taxonomy.getAuthor(db, request.params.slug);
      return presentAuthor(row, urls, row.photoId ? await findImage(db, row.photoId) : undefined, false);
    },
  );

  tags = ['Content: sections'];
  app.get('/sections', { config, schema: { tags, summary: 'All sections; each names its parent', response: { 200: List } } }, async () => {
    const rows = await taxonomyReads.listSections(db);
    const slugs = new Map(rows.map((r) => [r.id, r.slug]));
    return { items: rows.map((r) => presentSection(r, urls, r.parentId ? (slugs.get(r.parentId) ?? null) : null, false)) };
  });
  app.get(
    '/sections/:slug',
    { config, schema: { tags, summary: 'A section', params: SlugParams, response: { 200: Entity, ...readErrors } } },
    async (request) => {
      const row = await taxonomy.getSection(db, request.params.slug);
      const parent = row.parentId ? await taxonomyReads.findSection(db, { id: row.parentId }) : undefined;
      return presentSection(row, urls, parent?.slug ?? null, false);
    },
  );

  tags = ['Content: topics'];
  app.get('/topics', { config, schema: { tags, summary: 'All topics', response: { 200: List } } }, async () => ({
    items: (await taxonomyReads.listTopics(db)).map((t) => presentTopic(t, urls, false)),
  }));
  app.get('/topics/:slug', { config, schema: { tags, summary: 'A topic', params: SlugParams, response: { 200: Entity, ...readErrors } } }, async (request) =>
    presentTopic(await taxonomy.getTopic(db, request.params.slug), urls, false),
  );

  app.get(
    '/editions',
    {
      config,
      schema: {
        tags: ['Content: editions'],
        summary: 'The editions and their time zones',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), timeZone: Type.String(), locale: Type.String() })) }),
        },
      },
    },
    async () => ({ items: (await taxonomyReads.listEditions(db)).map(presentEdition) }),
  );
  await app.register(contentLiveRoutes, { ctx });
  await app.register(contentNavigationRoutes, { ctx });
  await app.register(contentFrontRoutes, { ctx });
};
