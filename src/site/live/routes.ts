import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { articles, entryPermalink, isSlug, liveBlogs, presentEntries } from '../../content/index.ts';
import { articleKey, entriesKey } from '../cache/keys.ts';
import { access, hide, type ReaderPages } from '../reader-pages.ts';
import { pageOfEntry, type LivePageRef } from './load.ts';
import { liveEntriesRss } from './feed.ts';
import { livePagePath } from './page.tsx';

/** How many of the newest entries a blog's feed carries. */
const FEED_ENTRIES = 50;
const SectionSlug = Type.Object({ section: Type.String(), slug: Type.String() });

/** The article page's handler, which renders a live blog's pages too. */
type ArticlePageHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
  section: string,
  slug: string,
  editionCode: string | null,
  ref: LivePageRef,
) => Promise<unknown>;

const PageParams = Type.Object({ section: Type.String(), slug: Type.String(), page: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const EntryParams = Type.Object({ section: Type.String(), slug: Type.String(), entry: Type.String({ format: 'uuid' }) });

/**
 * A live blog's addresses beyond the article's own: its older pages (`/{section}/{slug}/page/{n}`,
 * counted from the oldest, so what a number shows never changes) and its entries' permalinks
 * (`/{section}/{slug}/entry/{id}`, a redirect to the page holding the entry now), in every edition.
 */
export async function registerLiveBlogRoutes(app: FastifyInstance, ctx: AppContext, pages: ReaderPages, articlePage: ArticlePageHandler) {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const db = ctx.database.db;
  const { directory, serve, notice } = pages;

  /** Redirects to the page holding the entry, at the entry; cached and purged with the blog's entries. */
  function permalink(request: FastifyRequest, reply: FastifyReply, section: string, slug: string, asked: string, editionCode: string | null) {
    const notFound = () => notice(404, [], editionCode ?? undefined);
    if (!isSlug(slug) || !isSlug(section)) return serve(request, reply, null, notFound);
    // A UUID in capitals is the same entry: its anchor on the page (and the cached answer) are the lowercase id's.
    const entryId = asked.toLowerCase();
    return serve(request, reply, `live-entry:${editionCode ?? ''}:${section}/${slug}:${entryId}`, async () => {
      const record = await articles.getPublishedArticle(db, slug);
      const blog = record.section.slug === section ? await liveBlogs.findBlog(db, record.id) : undefined;
      const ref = blog && (await pageOfEntry(db, blog, entryId));
      if (!blog || !ref) return notFound();
      const blogPath = editionCode ? `/${editionCode}/${section}/${slug}` : `/${section}/${slug}`;
      const page = ref === 'latest' ? blogPath : livePagePath(blogPath, ref, Number.MAX_SAFE_INTEGER);
      return { status: 302, location: `${page}#entry-${entryId}`, keys: [articleKey(record.id), entriesKey(record.id)], body: Buffer.alloc(0) };
    });
  }

  /** The blog's RSS feed of entries, edition-neutral like the site's feeds; purged with its entries. */
  function feed(request: FastifyRequest, reply: FastifyReply, section: string, slug: string) {
    const notFound = () => notice(404);
    if (!isSlug(slug) || !isSlug(section)) return serve(request, reply, null, notFound);
    return serve(request, reply, `live-feed:${section}/${slug}`, async () => {
      const record = await articles.getPublishedArticle(db, slug);
      const blog = record.section.slug === section ? await liveBlogs.findBlog(db, record.id) : undefined;
      if (!blog) return notFound();
      const site = await directory.site();
      const blogUrl = ctx.urls.article(section, slug);
      const entries = await presentEntries(db, await liveBlogs.latestPublished(db, record.id, FEED_ENTRIES), ctx.urls);
      const language = site.editions.find((e) => e.code === record.editions[0])?.locale ?? 'en';
      const channel = { title: `${record.headline} | ${site.name}`, link: blogUrl, self: `${blogUrl}/live/rss.xml`, description: record.standfirst, language };
      const text = liveEntriesRss(channel, entries, (id) => entryPermalink(blogUrl, id), ctx.now());
      return { status: 200, type: 'application/rss+xml; charset=utf-8', keys: [articleKey(record.id), entriesKey(record.id)], body: Buffer.from(text) };
    });
  }

  typed.get('/:section/:slug/live/rss.xml', { config: access, schema: { ...hide, params: SectionSlug } }, (request, reply) =>
    feed(request, reply, request.params.section, request.params.slug),
  );
  const pageOptions = { config: access, schema: { ...hide, params: PageParams } };
  const entryOptions = { config: access, schema: { ...hide, params: EntryParams } };
  typed.get('/:section/:slug/page/:page', pageOptions, (request, reply) => {
    const { section, slug, page } = request.params;
    return articlePage(request, reply, section, slug, null, page);
  });
  typed.get('/:section/:slug/entry/:entry', entryOptions, (request, reply) => {
    const { section, slug, entry } = request.params;
    return permalink(request, reply, section, slug, entry, null);
  });
  for (const edition of (await directory.site()).editions) {
    typed.get(`/${edition.code}/:section/:slug/page/:page`, pageOptions, (request, reply) => {
      const { section, slug, page } = request.params;
      return articlePage(request, reply, section, slug, edition.code, page);
    });
    typed.get(`/${edition.code}/:section/:slug/entry/:entry`, entryOptions, (request, reply) => {
      const { section, slug, entry } = request.params;
      return permalink(request, reply, section, slug, entry, edition.code);
    });
  }
}
