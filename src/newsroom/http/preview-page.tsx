import type { FastifyReply } from 'fastify';
import { lookupsFor, presentPublic, type articles } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { ArticlePage } from '../../site/index.ts';
import type { FormKit } from '../../web/forms/kit.tsx';

/** Lets the newsroom's own pages frame a preview (and nobody else). */
export async function framedBySelf(_request: unknown, reply: FastifyReply) {
  reply.header('x-frame-options', 'SAMEORIGIN');
  const csp = String(reply.getHeader('content-security-policy') ?? '');
  reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
}

/** An article (or a live entry put in its place) as readers would see it, in the site's own layout, never indexed nor cached. */
export async function sendPreview(reply: FastifyReply, ctx: AppContext, kit: FormKit, record: articles.ArticleRecord) {
  const view = presentPublic(record, lookupsFor([record]), ctx.urls);
  const site = await kit.pages.directory.site();
  const edition = (await kit.pages.directory.edition(record.editions[0] ?? '')) ?? (await kit.pages.directory.defaultEdition());
  const html = await kit.pages.document(
    edition,
    { title: `Preview: ${record.headline}`, description: '', canonical: `${site.publicUrl}/newsroom`, robots: 'noindex', islands: false },
    <ArticlePage site={site} article={view} edition={edition} />,
  );
  return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
}
