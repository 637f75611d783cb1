import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { AppContext } from '../context.ts';
import { findImage, presentImage, type ImageView, isSlug, getAuthor, getTopic } from '../content/index.ts';
import { AppError } from '../platform/errors.ts';
import { notFoundJson } from '../platform/http/error-handler.ts';
import type { PageMeta } from '../web/document/model.ts';
import { listKey } from './cache/keys.ts';
import { sectionFront } from './fronts/pages.tsx';
import { pageOfArticles, withCommentCounts } from './loaders.ts';
import { ListingPage, Subsections } from './pages/lists.tsx';
import { PagedQuery, pageNumber, SectionParams, SlugParams, type QueryValue } from './query.ts';
import { access, API_ROOTS, hide, type ReaderPages, type Rendered } from './reader-pages.ts';
import { describe } from './seo.ts';

type ListingKind = 'section' | 'topic' | 'author';

/** What a listing shows above its articles, and the list keys it is tagged with. */
interface ListingHead {
  title: string;
  intro: string;
  url: string;
  keys: string[];
  children?: VNode;
  photo: ImageView | null;
}

/** Section, topic and author pages: `/{section}`, `/topic/{slug}`, `/author/{slug}`, paginated. */
export function registerListings(app: FastifyInstance, ctx: AppContext, pages: ReaderPages) {
  const { serve, notice } = pages;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  function listing(request: FastifyRequest, reply: FastifyReply, kind: ListingKind, slug: string, rawPage: QueryValue) {
    if (!isSlug(slug)) return serve(request, reply, null, () => notice(404));
    return serve(request, reply, `${kind}:${slug}:${rawPage ?? '1'}`, () => listingPage(ctx, pages, kind, slug, rawPage));
  }

  typed.get('/topic/:slug', { config: access, schema: { ...hide, params: SlugParams, querystring: PagedQuery } }, (request, reply) =>
    listing(request, reply, 'topic', request.params.slug, request.query.page),
  );
  typed.get('/author/:slug', { config: access, schema: { ...hide, params: SlugParams, querystring: PagedQuery } }, (request, reply) =>
    listing(request, reply, 'author', request.params.slug, request.query.page),
  );
  typed.get('/:section', { config: access, schema: { ...hide, params: SectionParams, querystring: PagedQuery } }, (request, reply) =>
    API_ROOTS.test(request.params.section) ? notFoundJson(request, reply) : listing(request, reply, 'section', request.params.section, request.query.page),
  );
}

async function listingPage(ctx: AppContext, pages: ReaderPages, kind: ListingKind, slug: string, rawPage: QueryValue): Promise<Rendered> {
  const { directory, document } = pages;
  const { urls } = ctx;
  const db = ctx.database.db;
  const page = pageNumber(rawPage);
  // A section's first page is its front, arranged by editors; later pages list the rest.
  const section = kind === 'section' && page === 1 ? await directory.section(slug) : undefined;
  if (section) return sectionFront(ctx, pages, section);
  const edition = await directory.defaultEdition();
  const siteNow = await directory.site();
  const { title, intro, url, keys, children, photo } = await listingHead(ctx, directory, kind, slug);
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
  const body = await document(
    edition,
    meta,
    <ListingPage edition={edition} title={title} intro={intro} photo={photo} articles={list.items} page={page} hasNext={list.hasNext} path={path}>
      {children}
    </ListingPage>,
  );
  return { status: 200, keys: [...keys, ...list.keys], body };
}

/** The section, topic or author a listing is about; a 404 page when there is none by that slug. */
async function listingHead(ctx: AppContext, directory: ReaderPages['directory'], kind: ListingKind, slug: string): Promise<ListingHead> {
  const { urls } = ctx;
  const db = ctx.database.db;
  if (kind === 'section') {
    const section = await directory.section(slug);
    if (!section) throw new AppError('not_found', 'No such section.');
    const keys = (await directory.subtree(section.id)).map((s) => listKey('section', s.id));
    const subsections = await directory.children(section.id);
    const children = subsections.length ? (
      <Subsections section={section.name} subsections={subsections.map((s) => ({ name: s.name, url: urls.section(s.slug) }))} />
    ) : undefined;
    return { title: section.name, intro: section.description, url: urls.section(slug), keys, children, photo: null };
  }
  if (kind === 'topic') {
    const topic = await getTopic(db, slug);
    return { title: topic.name, intro: topic.description, url: urls.topic(slug), keys: [listKey('topic', topic.id)], photo: null };
  }
  const author = await getAuthor(db, slug);
  const image = author.photoId ? await findImage(db, author.photoId) : undefined;
  return {
    title: author.name,
    intro: [author.title, author.bio].filter(Boolean).join('. '),
    url: urls.author(slug),
    keys: [listKey('author', author.id)],
    photo: image ? presentImage(image, urls) : null,
  };
}
