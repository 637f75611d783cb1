import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { countPublished, sitemapEntries, getAuthor, getTopic, isSlug, sitePages } from '../../content/index.ts';
import { AppError } from '../../platform/errors.ts';
import { articleKey, LIST_ALL, listKey, SITE_PAGES } from '../cache/keys.ts';
import type { SiteDirectory } from '../directory.ts';
import { pageOfArticles } from '../loaders.ts';
import { SectionParams, SlugParams } from '../query.ts';
import { access, hide, type Rendered, type Serve } from '../reader-pages.ts';
import { searchPath } from '../../web/document/model.ts';
import { jsonFeed, rss, type FeedChannel } from './rss.ts';
import { articleSitemap, newsSitemap, sitemapIndex, sitePageSitemap, SITEMAP_PAGE } from './sitemaps.ts';

const RSS = 'application/rss+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const FEED_SIZE = 50;
const NEWS_WINDOW_MS = 48 * 3600 * 1000;
/** `/sitemaps/articles-{page}.xml`: checked by the route, which answers 404 for what is not a page. */
const SitemapParams = Type.Object({ page: Type.String() });

/** RSS and JSON feeds for the site and every section, topic and author; sitemaps; robots.txt. */
export async function registerFeeds(app: FastifyInstance, ctx: AppContext, { directory, serve }: { directory: SiteDirectory; serve: Serve }) {
  const { database, urls, config } = ctx;
  const db = database.db;
  const body = (text: string) => Buffer.from(text);
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  async function feed(scope: 'site' | 'section' | 'topic' | 'author', slug: string | null, format: 'rss' | 'json'): Promise<Rendered> {
    const site = await directory.site();
    const language = site.editions[0]?.locale ?? 'en';
    let channel: FeedChannel;
    let keys: string[];
    let filters = {};
    if (scope === 'site' || !slug) {
      channel = {
        title: site.name,
        link: site.publicUrl,
        self: `${site.publicUrl}/${format === 'rss' ? 'rss.xml' : 'feed.json'}`,
        description: `The latest from ${site.name}.`,
        language,
      };
      keys = [LIST_ALL];
    } else if (scope === 'section') {
      const section = await directory.section(slug);
      if (!section) throw new AppError('not_found', 'No such section.');
      channel = {
        title: `${section.name} | ${site.name}`,
        link: urls.section(slug),
        self: `${urls.section(slug)}/rss.xml`,
        description: section.description || `${section.name} from ${site.name}.`,
        language,
      };
      keys = (await directory.subtree(section.id)).map((s) => listKey('section', s.id));
      filters = { section: slug };
    } else if (scope === 'topic') {
      const topic = await getTopic(db, slug);
      channel = {
        title: `${topic.name} | ${site.name}`,
        link: urls.topic(slug),
        self: `${urls.topic(slug)}/rss.xml`,
        description: topic.description || `${topic.name} from ${site.name}.`,
        language,
      };
      keys = [listKey('topic', topic.id)];
      filters = { topic: slug };
    } else {
      const author = await getAuthor(db, slug);
      channel = {
        title: `${author.name} | ${site.name}`,
        link: urls.author(slug),
        self: `${urls.author(slug)}/rss.xml`,
        description: author.title || `Articles by ${author.name}.`,
        language,
      };
      keys = [listKey('author', author.id)];
      filters = { author: slug };
    }
    const list = await pageOfArticles(db, urls, filters, 1, FEED_SIZE);
    return format === 'rss'
      ? { status: 200, type: RSS, keys: [...keys, ...list.keys], body: body(rss(channel, list.items, ctx.now())) }
      : { status: 200, type: 'application/feed+json; charset=utf-8', keys: [...keys, ...list.keys], body: body(jsonFeed(channel, list.items)) };
  }

  const slugOr404 = (slug: string) => {
    if (!isSlug(slug)) throw new AppError('not_found', 'No such feed.');
    return slug;
  };

  typed.get('/rss.xml', { config: access, schema: hide }, (request, reply) => serve(request, reply, 'feed:site:rss', () => feed('site', null, 'rss')));
  typed.get('/feed.json', { config: access, schema: hide }, (request, reply) => serve(request, reply, 'feed:site:json', () => feed('site', null, 'json')));
  typed.get('/:section/rss.xml', { config: access, schema: { ...hide, params: SectionParams } }, (request, reply) =>
    serve(request, reply, `feed:section:${request.params.section}`, () => feed('section', slugOr404(request.params.section), 'rss')),
  );
  typed.get('/topic/:slug/rss.xml', { config: access, schema: { ...hide, params: SlugParams } }, (request, reply) =>
    serve(request, reply, `feed:topic:${request.params.slug}`, () => feed('topic', slugOr404(request.params.slug), 'rss')),
  );
  typed.get('/author/:slug/rss.xml', { config: access, schema: { ...hide, params: SlugParams } }, (request, reply) =>
    serve(request, reply, `feed:author:${request.params.slug}`, () => feed('author', slugOr404(request.params.slug), 'rss')),
  );

  typed.get('/sitemap.xml', { config: access, schema: hide }, (request, reply) =>
    serve(request, reply, 'sitemap:index', async () => {
      const pages = Math.ceil((await countPublished(db)) / SITEMAP_PAGE);
      return { status: 200, type: XML, keys: [LIST_ALL], body: body(sitemapIndex(config.publicUrl, pages, ctx.now())) };
    }),
  );
  typed.get('/sitemaps/articles-:page.xml', { config: access, schema: { ...hide, params: SitemapParams } }, (request, reply) =>
    serve(request, reply, /^[1-9]\d{0,4}$/.test(request.params.page) ? `sitemap:articles:${request.params.page}` : null, async () => {
      if (!/^[1-9]\d{0,4}$/.test(request.params.page)) throw new AppError('not_found', 'No such sitemap.');
      const page = Number(request.params.page);
      const entries = await sitemapEntries(db, { offset: (page - 1) * SITEMAP_PAGE, limit: SITEMAP_PAGE });
      if (!entries.length && page > 1) throw new AppError('not_found', 'No such sitemap.');
      return { status: 200, type: XML, keys: [LIST_ALL, ...entries.map((e) => articleKey(e.id))], body: body(articleSitemap(entries, urls)) };
    }),
  );
  typed.get('/sitemaps/news.xml', { config: access, schema: hide }, (request, reply) =>
    // Articles leave this sitemap as they age, without any change to purge it: kept one minute.
    serve(request, reply, 'sitemap:news', async () => {
      const site = await directory.site();
      const entries = await sitemapEntries(db, { offset: 0, limit: 1000, since: new Date(ctx.now().getTime() - NEWS_WINDOW_MS) });
      return {
        status: 200,
        type: XML,
        keys: [LIST_ALL, ...entries.map((e) => articleKey(e.id))],
        ttlMs: 60_000,
        body: body(newsSitemap(entries, urls, { name: site.name, language: 'en' })),
      };
    }),
  );
  typed.get('/sitemaps/pages.xml', { config: access, schema: hide }, (request, reply) =>
    // Any page's change purges it (SITE_PAGES): one published, withdrawn, renamed, edited or deleted.
    serve(request, reply, 'sitemap:pages', async () => {
      const pages = await sitePages.listPublishedPageDates(db);
      return { status: 200, type: XML, keys: [SITE_PAGES], body: body(sitePageSitemap(pages, urls)) };
    }),
  );
  typed.get('/robots.txt', { config: access, schema: hide }, (request, reply) =>
    serve(request, reply, 'robots', async () => {
      // Search in every edition: the default one's and each other's own address.
      const site = await directory.site();
      const searches = site.editions.map((e) => searchPath(site, e.code));
      return {
        status: 200,
        type: 'text/plain; charset=utf-8',
        keys: [],
        body: body(
          `User-agent: *\nAllow: /\nDisallow: /api/admin/\n${searches.map((path) => `Disallow: ${path}\n`).join('')}\n` +
            `Sitemap: ${config.publicUrl}/sitemap.xml\nSitemap: ${config.publicUrl}/sitemaps/news.xml\n`,
        ),
      };
    }),
  );
}
