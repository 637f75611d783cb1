import type { FastifyReply } from 'fastify';
import { lookupsFor, presentEntries, presentPublic, type articles, type LiveEntryRecord } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { ArticlePage, renderEntryHtml } from '../../site/index.ts';
import type { FormKit } from '../../web/forms/kit.tsx';

/** Lets the newsroom's own pages frame a preview (and nobody else). */
export async function framedBySelf(_request: unknown, reply: FastifyReply) {
  reply.header('x-frame-options', 'SAMEORIGIN');
  const csp = String(reply.getHeader('content-security-policy') ?? '');
  reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
}

/**
 * An article as readers would see it, in the site's own layout, never indexed nor cached; with
 * `entry`, the live blog's page holding that one entry, drawn by the readers' own entry renderer
 * (its pictures read as the reader pages read them).
 */
export async function sendPreview(reply: FastifyReply, ctx: AppContext, kit: FormKit, record: articles.ArticleRecord, entry?: LiveEntryRecord) {
  const view = presentPublic(record, lookupsFor([record]), ctx.urls);
  const site = await kit.pages.directory.site();
  const edition = (await kit.pages.directory.edition(record.editions[0] ?? '')) ?? (await kit.pages.directory.defaultEdition());
  let entryHtml: string | null = null;
  if (entry) {
    const [shown] = await presentEntries(ctx.database.db, [entry], ctx.urls);
    const place = { locale: edition.locale, timeZone: edition.timeZone, blogPath: new URL(view.url, site.publicUrl).pathname };
    entryHtml = renderEntryHtml(shown!, place);
  }
  const title = entry?.title || record.headline;
  const html = await kit.pages.document(
    edition,
    { title: `Preview: ${title}`, description: '', canonical: `${site.publicUrl}/newsroom`, robots: 'noindex', islands: false },
    <ArticlePage site={site} article={view} edition={edition}>
      {/* The readers' renderer escapes the entry's text itself. */}
      {entryHtml !== null && (
        <section class="live-blog" aria-label="Live coverage">
          <div class="live-entries" dangerouslySetInnerHTML={{ __html: entryHtml }} />
        </section>
      )}
    </ArticlePage>,
  );
  return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
}
