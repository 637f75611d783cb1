import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import type { PageMeta } from '../web/document/model.ts';
import { listKey } from './cache/keys.ts';
import { editionFront } from './fronts/pages.tsx';
import { pageOfArticles, withCommentCounts } from './loaders.ts';
import { LaterPage } from './pages/lists.tsx';
import { PagedQuery, pageNumber } from './query.ts';
import { access, hide, type ReaderPages, type Rendered } from './reader-pages.ts';

/** Each edition's front at `/{edition}` (later pages: the edition's latest), and the site's root, which sends readers to one. */
export async function registerFronts(app: FastifyInstance, ctx: AppContext, pages: ReaderPages) {
  const { directory, serve } = pages;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  // The front door sends readers to the edition they chose last time, or the first one.
  typed.get('/', { config: access, schema: hide }, async (request, reply) => {
    const site = await directory.site();
    const remembered = /(?:^|;\s*)edition=([a-z]{2,10})(?:;|$)/.exec(request.headers.cookie ?? '')?.[1];
    const edition = site.editions.find((e) => e.code === remembered) ?? site.editions[0]!;
    return reply.status(302).header('location', `/${edition.code}`).header('cache-control', 'private, no-store').header('vary', 'cookie').send();
  });

  for (const edition of (await directory.site()).editions) {
    typed.get(`/${edition.code}`, { config: access, schema: { ...hide, querystring: PagedQuery } }, async (request, reply) =>
      serve(request, reply, `front:${edition.code}:${request.query.page ?? '1'}`, () => {
        const page = pageNumber(request.query.page);
        return page === 1 ? editionFront(ctx, pages, edition.code) : laterPage(ctx, pages, edition.code, page);
      }),
    );
  }
}

/**
 * A later page of an edition's front: the edition's latest, continuing past what page 1 shows.
 * Page 1 is the front editors arrange (fronts/pages.tsx).
 */
async function laterPage(ctx: AppContext, { directory, document }: ReaderPages, code: string, page: number): Promise<Rendered> {
  const db = ctx.database.db;
  const current = (await directory.edition(code))!;
  const siteNow = await directory.site();
  const list = await pageOfArticles(db, ctx.urls, { edition: code }, page);
  if (!list.items.length) throw new AppError('not_found', 'No such page.');
  const keys = [listKey('edition', code), ...list.keys, ...(await withCommentCounts(db, list.items))];
  const meta: PageMeta = {
    title: `${current.name}, page ${page} | ${siteNow.name}`,
    description: `The latest reporting from ${siteNow.name}, free for everyone to read.`,
    canonical: `${current.url}?page=${page}`,
    alternates: siteNow.editions.map((e) => ({ hreflang: e.locale, href: e.url })),
    feeds: [{ title: `${siteNow.name}`, href: '/rss.xml', type: 'rss' }],
  };
  return {
    status: 200,
    keys,
    body: await document(current, meta, <LaterPage edition={current} latest={list.items} page={page} hasNext={list.hasNext} />),
  };
}
