import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { actorOf, staffOf } from '../../web/principal.ts';
import { findRevision, listRevisionSummaries, articles, listAuthors, listEditions, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertMay, may } from '../rights/rights.ts';
import { editorView } from './editor-view.ts';
import { diffSnapshots } from '../revisions/diff.ts';
import { readDiscussion } from '../../comments/index.ts';
import { EditorPage, HistoryPage, MediaPage } from './editor-pages.tsx';
import { UUID } from '../../platform/ids.ts';
import { checked } from './checked.ts';
import { staffOnly } from './route-access.ts';
import { framedBySelf, sendPreview } from './preview-page.tsx';

const HISTORY_PAGE = 200;

/** Any text: an id that is not an article's is a 404, as for an article that is gone. */
const ArticleParams = Type.Object({ id: Type.String({ maxLength: 1_000 }) });
const HistoryQuery = pageQuery({ version: text(100) });
const RestoreForm = formBody({ from: text(100), version: text(100) });

/**
 * The newsroom's article pages: the editor, the preview in the reader
 * layout, the revision history with restore, and the media library.
 */
export function registerArticlePages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { state, formPost } = kit;
  const page = kit.newsroomPage;
  const db = ctx.database.db;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const staffPage = { config: staffOnly, schema: { hide: true, params: ArticleParams } } as const;
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());
  const articleId = (id: string) => {
    if (!UUID.test(id)) throw new AppError('not_found', 'There is no such article.');
    return id.toLowerCase();
  };

  typed.get('/newsroom/articles/:id', staffPage, async (request, reply) => {
    const record = await articles.getArticle(db, articleId(request.params.id));
    const [sections, authors, topics, editions] = await Promise.all([listSections(db), listAuthors(db), listTopics(db), listEditions(db)]);
    const props = {
      article: editorView(record, staffOf(request).role, ctx.urls),
      choices: {
        sections: sections.map((x) => ({ value: x.slug, label: x.name })),
        authors: authors.map((x) => ({ value: x.slug, label: x.name })),
        topics: topics.map((x) => ({ value: x.slug, label: x.name })),
        editions: editions.map((x) => ({ value: x.code, label: x.name })),
      },
      discussion: await readDiscussion(db, record.id),
      csrf: reply.generateCsrf(),
    };
    return page(
      reply,
      `Editing: ${record.headline}`,
      <EditorPage props={props} headline={record.headline} liveHref={`/newsroom/articles/${record.id}/live`} />,
    );
  });

  /** The saved article as readers would see it, framed by the editor (and only by it). */
  typed.get('/newsroom/articles/:id/preview', { ...staffPage, onSend: framedBySelf }, async (request, reply) =>
    sendPreview(reply, ctx, kit, await articles.getArticle(db, articleId(request.params.id))),
  );

  async function historyPage(request: FastifyRequest, reply: FastifyReply, shown: { id: string; version?: string | undefined }, error?: string) {
    const id = articleId(shown.id);
    const record = await articles.getArticle(db, id);
    const revisions = await listRevisionSummaries(db, id, HISTORY_PAGE);
    const asked = Number(shown.version);
    const version = Number.isInteger(asked) && asked > 0 ? asked : revisions[0]?.version;
    const chosen = version ? await findRevision(db, id, version) : null;
    if (version && !chosen) throw new AppError('not_found', `Version ${version} of this article does not exist.`);
    const previous = chosen ? await findRevision(db, id, chosen.version, { before: true }) : null;
    const selected = chosen && { ...chosen, diff: diffSnapshots(previous?.snapshot ?? null, chosen.snapshot), previous: previous?.version ?? null };
    const view = { id, headline: record.headline, status: record.status, version: record.version };
    const canRestore = may(staffOf(request).role, 'edit', record.status);
    return page(
      reply,
      `History: ${record.headline}`,
      <HistoryPage article={view} revisions={revisions} selected={selected} canRestore={canRestore} state={state(reply, '/newsroom', { error })} />,
      error ? 409 : 200,
    );
  }

  typed.get('/newsroom/articles/:id/history', { ...staffPage, schema: { ...staffPage.schema, querystring: HistoryQuery } }, (request, reply) =>
    historyPage(request, reply, { id: request.params.id, version: request.query.version }),
  );

  formPost(
    '/newsroom/articles/:id/restore',
    { ...staffPage, schema: { ...staffPage.schema, body: RestoreForm } },
    async (request, body) => {
      const id = articleId(checked(ArticleParams, request.params).id);
      const from = Number(body.from);
      const version = Number(body.version);
      if (!Number.isInteger(from) || !Number.isInteger(version) || from < 1 || version < 1) throw new AppError('bad_request', 'Choose a version to restore.');
      const before = await articles.getArticle(db, id);
      assertMay(staffOf(request).role, 'edit', before.status);
      await articles.restoreRevision(ctx, id, from, { version }, who(request));
      return `/newsroom/articles/${id}`;
    },
    // Shown again at the latest version: the form's own address names none.
    (request, reply, message) => historyPage(request, reply, checked(ArticleParams, request.params), message),
  );

  typed.get('/newsroom/media', { config: staffOnly, schema: { hide: true } }, async (_request, reply) =>
    page(reply, 'Media library', <MediaPage csrf={reply.generateCsrf()} />),
  );
}
