import type { FastifyPluginAsync } from 'fastify';
import { listPublishedArticles } from './content/articles/service.ts';
import type { AppContext } from './context.ts';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A plain front door until the reader site (its own issue) renders real pages: the latest
 * headlines, each linked to its Content API record, and the API documentation.
 */
export const homeRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const { items } = await listPublishedArticles(ctx.database.db, { limit: 40 });
    const list = items
      .map((a) => `<li><a href="/api/content/articles/${escape(a.slug)}">${escape(a.headline)}</a><br><small>${escape(a.section.name)} · ${escape(a.standfirst)}</small></li>`)
      .join('\n');
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Masthead</title>
<style>body{font:17px/1.5 Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}li{margin:.8rem 0}small{color:#555}</style>
<h1>Masthead</h1>
<p>The platform is running on the ${ctx.database.engine === 'pglite' ? 'embedded database' : 'PostgreSQL server'}. The API is described at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<h2>Latest</h2>
<ul>${list || '<li>No articles are published yet.</li>'}</ul>
</html>`);
  });
};
