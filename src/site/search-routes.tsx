import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { PageMeta } from '../web/document/model.ts';
import { searchArticles } from './loaders.ts';
import { SearchPage } from './pages/search.tsx';
import { access, hide, type ReaderPages } from './reader-pages.ts';
import { parseSearch, SearchQueryString } from './search-query.ts';

/** `/search`: the reader's search, never cached (the input is arbitrary) and never indexed. */
export function registerSearch(app: FastifyInstance, ctx: AppContext, { directory, serve, document }: ReaderPages) {
  const { urls } = ctx;
  const db = ctx.database.db;
  app.withTypeProvider<TypeBoxTypeProvider>().get('/search', { config: access, schema: { ...hide, querystring: SearchQueryString } }, (request, reply) =>
    serve(request, reply, null, async () => {
      const siteNow = await directory.site();
      const query = parseSearch(request.query, siteNow);
      const { q, section, edition: editionCode } = query;
      const found = q
        ? await searchArticles(db, urls, q, { ...(section ? { section } : {}), ...(editionCode ? { edition: editionCode } : {}) }, query.page)
        : { results: [], hasNext: false };
      const edition = (editionCode && (await directory.edition(editionCode))) || (await directory.defaultEdition());
      const meta: PageMeta = {
        title: `${q ? `${q} | ` : ''}Search | ${siteNow.name}`,
        description: `Search ${siteNow.name}.`,
        canonical: `${siteNow.publicUrl}/search`,
        robots: 'noindex',
      };
      return {
        status: 200,
        keys: [],
        cacheable: false,
        body: await document(edition, meta, <SearchPage site={siteNow} edition={edition} query={query} results={found.results} hasNext={found.hasNext} />, q),
      };
    }),
  );
}
