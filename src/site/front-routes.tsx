import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { AppError } from '../platform/errors.ts';
import type { PageMeta } from '../web/document/model.ts';
import { articleKey, listKey } from './cache/keys.ts';
import type { ArticleView } from './components/cards.tsx';
import { pageOfArticles, withCommentCounts } from './loaders.ts';
import { FrontPage } from './pages/lists.tsx';
import { PagedQuery, pageNumber, type QueryValue } from './query.ts';
import { access, hide, type ReaderPages, type Rendered } from './reader-pages.ts';

/** Each edition's front at `/{edition}`, and the site's root, which sends readers to one. */
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
      serve(request, reply, `front:${edition.code}:${request.query.page ?? '1'}`, () => frontPage(ctx, pages, edition.code, request.query.page)),
    );
  }
}

/**
 * One page of an edition's front. The first shows the lead, the latest and each top-level
 * section's newest not already shown; later pages continue the latest. Tagged with every
 * article shown and every list it draws from.
 */
async function frontPage(ctx: AppContext, { directory, document }: ReaderPages, code: string, rawPage: QueryValue): Promise<Rendered> {
  const { urls } = ctx;
  const db = ctx.database.db;
  const page = pageNumber(rawPage);
  const current = (await directory.edition(code))!;
  const siteNow = await directory.site();
  const keys = [listKey('edition', code)];
  let lead;
  let latest;
  const sections: { name: string; url: string; articles: ArticleView[] }[] = [];
  let hasNext;
  if (page === 1) {
    const top = await pageOfArticles(db, urls, { edition: code }, 1, 13);
    [lead, ...latest] = top.items;
    hasNext = top.hasNext;
    keys.push(...top.keys);
    const shown = new Set(top.items.map((a) => a.id));
    for (const section of await directory.topLevel()) {
      const list = await pageOfArticles(db, urls, { edition: code, section: section.slug }, 1, 8);
      const fresh = list.items.filter((a) => !shown.has(a.id)).slice(0, 4);
      if (!fresh.length) continue;
      sections.push({ name: section.name, url: urls.section(section.slug), articles: fresh });
      keys.push(...fresh.map((a) => articleKey(a.id)));
      for (const sub of await directory.subtree(section.id)) keys.push(listKey('section', sub.id));
    }
  } else {
    const list = await pageOfArticles(db, urls, { edition: code }, page);
    if (!list.items.length) throw new AppError('not_found', 'No such page.');
    latest = list.items;
    hasNext = list.hasNext;
    keys.push(...list.keys);
  }
  keys.push(...(await withCommentCounts(db, [...(lead ? [lead] : []), ...(latest ?? []), ...sections.flatMap((section) => section.articles)])));
  const meta: PageMeta = {
    title: page === 1 ? `${siteNow.name}: news, ${current.name}` : `${current.name}, page ${page} | ${siteNow.name}`,
    description: `The latest reporting from ${siteNow.name}, free for everyone to read.`,
    canonical: page === 1 ? current.url : `${current.url}?page=${page}`,
    alternates: siteNow.editions.map((e) => ({ hreflang: e.locale, href: e.url })),
    feeds: [{ title: `${siteNow.name}`, href: '/rss.xml', type: 'rss' }],
  };
  return {
    status: 200,
    keys,
    body: await document(
      current,
      meta,
      <FrontPage edition={current} lead={lead} latest={latest ?? []} sections={sections} page={page} hasNext={hasNext ?? false} />,
    ),
  };
}
