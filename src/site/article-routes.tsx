import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.ts';
import { findArticle, isSlug, liveBlogs } from '../content/index.ts';
import { AppError } from '../platform/errors.ts';
import { notFoundJson } from '../platform/http/error-handler.ts';
import { articleKey } from './cache/keys.ts';
import { articleBySlug } from './loaders.ts';
import type { PageMeta } from '../web/document/model.ts';
import { ArticlePage } from './pages/article.tsx';
import { access, API_ROOTS, hide, type ReaderPages } from './reader-pages.ts';
import { describe, newsArticleJsonLd } from './seo.ts';
import type { LivePageRef } from './live/load.ts';
import { renderLiveBlogPage } from './live/render.tsx';
import { articlePathIn } from './edition-paths.ts';
import { registerLiveBlogRoutes } from './live/routes.ts';

/** Any segments: the page answers 404 for what cannot be a section or an article's slug. */
const ArticleParams = Type.Object({ section: Type.String(), slug: Type.String() });

/**
 * Article pages: `/{section}/{slug}` in the article's home edition, and
 * `/{edition}/{section}/{slug}` in each other edition it runs in, linked by hreflang.
 */
export async function registerArticlePages(app: FastifyInstance, ctx: AppContext, pages: ReaderPages) {
  const { database, urls } = ctx;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = database.db;
  const { directory, cache, serve, write, notice, failure, document } = pages;

  /**
   * The article page in one edition's rendering (dateline zone, language); for a live blog, its
   * latest page or (`ref` a number) one of its older pages.
   */
  async function articlePage(
    request: FastifyRequest,
    reply: FastifyReply,
    sectionSlug: string,
    slug: string,
    editionCode: string | null,
    ref: LivePageRef = 'latest',
  ) {
    if (!isSlug(slug) || !isSlug(sectionSlug)) return serve(request, reply, null, () => notice(404));
    const cacheKey = `article:${editionCode ?? ''}:${sectionSlug}/${slug}${ref === 'latest' ? '' : `/page/${ref}`}`;
    const hit = cache.get(cacheKey);
    if (hit) {
      cache.alias(request.url, cacheKey);
      return write(request, reply, hit);
    }
    let loaded;
    try {
      loaded = await articleBySlug(db, urls, slug);
    } catch (error) {
      if (error instanceof AppError && error.code === 'gone') {
        // Withdrawn: kept under the article's key, so publishing it again brings the page back.
        const record = await findArticle(db, { slug });
        return serve(request, reply, cacheKey, () => notice(410, record ? [articleKey(record.id)] : [], editionCode ?? undefined));
      }
      return serve(request, reply, null, () => failure(error));
    }
    const { record, view, comments, keys } = loaded;
    const home = record.editions[0]!;
    // An old section in the address: send readers and search engines to the current one.
    if (sectionSlug !== record.section.slug || editionCode === home) {
      const blogPath = articlePathIn(editionCode ?? undefined, home, record.section.slug, slug);
      const target = ref === 'latest' ? blogPath : `${blogPath}/page/${ref}`;
      return reply.status(301).header('location', target).header('cache-control', 'public, max-age=300').send();
    }
    if (editionCode && !record.editions.includes(editionCode)) return serve(request, reply, null, () => notice(404, [], editionCode));
    const siteNow = await directory.site();
    const edition = (await directory.edition(editionCode ?? home)) ?? (await directory.defaultEdition());
    const addressIn = (code: string) => (code === home ? view.url : `${siteNow.publicUrl}/${code}/${sectionSlug}/${slug}`);
    const canonical = addressIn(edition.code);
    const alternates =
      record.editions.length > 1
        ? [
            ...record.editions.map((code) => ({ hreflang: siteNow.editions.find((e) => e.code === code)?.locale ?? 'en', href: addressIn(code) })),
            { hreflang: 'x-default', href: view.url },
          ]
        : undefined;
    // Sites showing a shared link crop its picture to their own shape: they get ours, cut around the focal point.
    const social = view.hero?.src ? view.hero.crops.social : null;
    const meta: PageMeta = {
      title: `${view.seoHeadline} | ${view.section.name} | ${siteNow.name}`,
      description: describe(view.standfirst),
      canonical,
      alternates,
      openGraph: {
        type: 'article',
        image: social && view.hero ? { url: social.url, width: social.width, height: social.height, alt: view.hero.alt } : undefined,
        publishedTime: view.publishedAt ?? undefined,
        modifiedTime: view.updatedAt ?? view.publishedAt ?? undefined,
      },
      jsonLd: newsArticleJsonLd(view, siteNow, canonical),
    };
    // A live blog is an article with entries: its pages carry them (the article's read says whether it is one).
    const blog = record.liveState ? await liveBlogs.findBlog(db, record.id) : undefined;
    if (blog) {
      const blogPath = articlePathIn(editionCode ?? undefined, home, sectionSlug, slug);
      const input = { db, urls, pages, site: siteNow, edition, article: view, comments, meta, keys, blog, ref, blogPath };
      return serve(request, reply, cacheKey, () => renderLiveBlogPage(input));
    }
    if (ref !== 'latest') return serve(request, reply, null, () => notice(404, [], editionCode ?? undefined));
    return serve(request, reply, cacheKey, async () => ({
      status: 200,
      keys,
      body: await document(edition, meta, <ArticlePage site={siteNow} article={view} edition={edition} comments={comments} />),
    }));
  }

  typed.get('/:section/:slug', { config: access, schema: { ...hide, params: ArticleParams } }, (request, reply) =>
    // The APIs answer in JSON even where the path merely looks like an article's.
    API_ROOTS.test(request.params.section) ? notFoundJson(request, reply) : articlePage(request, reply, request.params.section, request.params.slug, null),
  );
  for (const edition of (await directory.site()).editions) {
    typed.get(`/${edition.code}/:section/:slug`, { config: access, schema: { ...hide, params: ArticleParams } }, (request, reply) =>
      articlePage(request, reply, request.params.section, request.params.slug, edition.code),
    );
  }
  await registerLiveBlogRoutes(app, ctx, pages, articlePage);
}
