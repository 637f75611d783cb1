import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { AppContext } from '../context.ts';
import { defaultEditionOf, prefixedEditions, searchPath, type PageMeta } from '../web/document/model.ts';
import { searchArticles } from './loaders.ts';
import { SearchPage } from './pages/search.tsx';
import { access, hide, type ReaderPages } from './reader-pages.ts';
import { parseSearch, SearchQueryString } from './search-query.ts';

/**
 * `/search`, and `/{edition}/search` in each edition but the default, where the header's form
 * sends readers of that edition: the reader's search, shown in the edition the reader is in
 * (its menus; failing that, the edition the results are filtered to), never cached (the input
 * is arbitrary) and never indexed. The default edition's prefixed address redirects to `/search`.
 */
export async function registerSearch(app: FastifyInstance, ctx: AppContext, { directory, serve, document }: ReaderPages) {
  const { urls } = ctx;
  const db = ctx.database.db;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const options = { config: access, schema: { ...hide, querystring: SearchQueryString } };
  const search = (readerEdition: string | null) => (request: FastifyRequest<{ Querystring: Static<typeof SearchQueryString> }>, reply: FastifyReply) =>
    serve(request, reply, null, async () => {
      const siteNow = await directory.site();
      const query = parseSearch(request.query, siteNow);
      const { q, section, edition: editionCode } = query;
      const found = q
        ? await searchArticles(db, urls, q, { ...(section ? { section } : {}), ...(editionCode ? { edition: editionCode } : {}) }, query.page)
        : { results: [], hasNext: false };
      const shownIn = readerEdition ?? editionCode;
      const edition = (shownIn && (await directory.edition(shownIn))) || (await directory.defaultEdition());
      const action = searchPath(siteNow, edition.code);
      const meta: PageMeta = {
        title: `${q ? `${q} | ` : ''}Search | ${siteNow.name}`,
        description: `Search ${siteNow.name}.`,
        canonical: `${siteNow.publicUrl}${action}`,
        robots: 'noindex',
      };
      return {
        status: 200,
        keys: [],
        cacheable: false,
        body: await document(
          edition,
          meta,
          <SearchPage site={siteNow} edition={edition} action={action} query={query} results={found.results} hasNext={found.hasNext} />,
          q,
        ),
      };
    });
  typed.get('/search', options, search(null));
  const site = await directory.site();
  for (const edition of prefixedEditions(site)) typed.get(searchPath(site, edition.code), options, search(edition.code));
  // The default edition's own prefix is the plain address, as for the site's pages: the query goes along.
  const plain = defaultEditionOf(site);
  if (plain) {
    typed.get(`/${plain.code}/search`, { config: access, schema: hide }, (request, reply) => {
      const at = request.url.indexOf('?');
      return reply
        .status(301)
        .header('location', `/search${at === -1 ? '' : request.url.slice(at)}`)
        .header('cache-control', 'public, max-age=300')
        .send();
    });
  }
}
