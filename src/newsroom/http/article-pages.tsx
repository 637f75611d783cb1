import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import { lookupsFor, presentPublic } from '../../content/articles/present.ts';
import { findRevision, listRevisionSummaries } from '../../content/articles/repository.ts';
import * as articles from '../../content/articles/service.ts';
import { listAuthors, listEditions, listSections, listTopics } from '../../content/taxonomy/repository.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/access.ts';
import { ArticlePage } from '../../site/pages/article.tsx';
import { assertMay, may } from '../rights/rights.ts';
import { STAFF_ROLES, type StaffRole } from '../../web/roles.ts';
import { editorView } from './editor-view.ts';
import { diffSnapshots } from '../revisions/diff.ts';
import { findDiscussion } from '../../comments/repository.ts';
import { EditorPage, HistoryPage, MediaPage } from './editor-pages.tsx';
import { UUID } from '../../platform/ids.ts';

type Staff = Extract<Principal, { kind: 'account' }> & { role: StaffRole };
const HISTORY_PAGE = 200;

/**
 * The newsroom's article pages: the editor, the preview in the reader
 * layout, the revision history with restore, and the media library.
 */
export function registerArticlePages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state, query, formPost, pages } = kit;
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const staffPage = { config: { access: 'account', html: true, roles: STAFF_ROLES, strong: true } } as const;
  const staff = (request: FastifyRequest) => request.principal as Staff;
  const who = (request: FastifyRequest) => ({ actor: `account:${staff(request).name}`, now: ctx.now() });
  const articleId = (request: FastifyRequest) => {
    const id = (request.params as { id: string }).id;
    if (!UUID.test(id)) throw new AppError('not_found', 'There is no such article.');
    return id.toLowerCase();
  };

  app.get('/newsroom/articles/:id', staffPage, async (request, reply) => {
    const record = await articles.getArticle(db, articleId(request));
    const [sections, authors, topics, editions] = await Promise.all([listSections(db), listAuthors(db), listTopics(db), listEditions(db)]);
    const props = {
      article: editorView(record, staff(request).role, ctx.urls),
      choices: {
        sections: sections.map((x) => ({ value: x.slug, label: x.name })),
        authors: authors.map((x) => ({ value: x.slug, label: x.name })),
        topics: topics.map((x) => ({ value: x.slug, label: x.name })),
        editions: editions.map((x) => ({ value: x.code, label: x.name })),
      },
      discussion: await findDiscussion(db, record.id),
      csrf: reply.generateCsrf(),
    };
    return page(reply, `Editing: ${record.headline}`, <EditorPage props={props} headline={record.headline} />);
  });

  /** The saved article as readers would see it, framed by the editor (and only by it). */
  app.get('/newsroom/articles/:id/preview', {
    ...staffPage,
    onSend: async (_request, reply) => {
      reply.header('x-frame-options', 'SAMEORIGIN');
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      reply.header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
    },
  }, async (request, reply) => {
    const record = await articles.getArticle(db, articleId(request));
    const view = presentPublic(record, lookupsFor([record]), ctx.urls);
    const site = await pages.directory.site();
    const edition = (await pages.directory.edition(record.editions[0] ?? '')) ?? (await pages.directory.defaultEdition());
    const html = await pages.document(edition, { title: `Preview: ${record.headline}`, description: '', canonical: `${site.publicUrl}/newsroom`, robots: 'noindex', islands: false }, <ArticlePage site={site} article={view} edition={edition} />);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(html);
  });

  async function historyPage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const id = articleId(request);
    const record = await articles.getArticle(db, id);
    const revisions = await listRevisionSummaries(db, id, HISTORY_PAGE);
    const asked = Number(query(request).version);
    const version = Number.isInteger(asked) && asked > 0 ? asked : revisions[0]?.version;
    const chosen = version ? await findRevision(db, id, version) : null;
    if (version && !chosen) throw new AppError('not_found', `Version ${version} of this article does not exist.`);
    const previous = chosen ? await findRevision(db, id, chosen.version, { before: true }) : null;
    const selected = chosen && { ...chosen, diff: diffSnapshots(previous?.snapshot ?? null, chosen.snapshot), previous: previous?.version ?? null };
    const view = { id, headline: record.headline, status: record.status, version: record.version };
    const canRestore = may(staff(request).role, 'edit', record.status);
    return page(reply, `History: ${record.headline}`, <HistoryPage article={view} revisions={revisions} selected={selected} canRestore={canRestore} state={state(reply, '/newsroom', { error })} />, error ? 409 : 200);
  }

  app.get('/newsroom/articles/:id/history', staffPage, (request, reply) => historyPage(request, reply));

  formPost(
    '/newsroom/articles/:id/restore',
    staffPage,
    async (request, body) => {
      const id = articleId(request);
      const from = Number(body.from);
      const version = Number(body.version);
      if (!Number.isInteger(from) || !Number.isInteger(version) || from < 1 || version < 1) throw new AppError('bad_request', 'Choose a version to restore.');
      const before = await articles.getArticle(db, id);
      assertMay(staff(request).role, 'edit', before.status);
      await articles.restoreRevision(ctx, id, from, { version }, who(request));
      return `/newsroom/articles/${id}`;
    },
    (request, reply, message) => historyPage(request, reply, message),
  );

  app.get('/newsroom/media', staffPage, async (_request, reply) =>
    page(reply, 'Media library', <MediaPage csrf={reply.generateCsrf()} />),
  );
}
