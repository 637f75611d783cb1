import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  articles,
  presentLibraryImage,
  images,
  AddCorrection,
  IdParams,
  ImageQuery,
  ScheduleArticle,
  UnpublishArticle,
  UpdateArticle,
  UpdateImage,
} from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { readUpload, uploadParser } from '../admin-api/images.ts';
import { audit } from '../../platform/audit/repository.ts';
import { pictureChangeGuard } from '../audit/picture-changes.ts';
import { DISCUSSION_MODES, readDiscussion, setDiscussionMode } from '../../comments/index.ts';
import { markEditing, stopEditing } from '../presence/repository.ts';
import { assertMay, type ArticleRight } from '../rights/rights.ts';
import { actorOf, staffOf } from '../../web/principal.ts';
import { STAFF_ROLES } from '../../web/roles.ts';
import { editorView } from './editor-view.ts';

const config = { access: 'account', roles: STAFF_ROLES, strong: true } as const;
const hide = { hide: true };
const Version = Type.Integer({ minimum: 1 });
const Empty = Type.Object({ version: Type.Optional(Version) }, { additionalProperties: false });

/**
 * The JSON the newsroom's editor and media library islands call, with the page's CSRF token
 * in `x-csrf-token`. Every write asks the role rules first; the content services then apply
 * the editorial rules and the version check, exactly as for the Admin API.
 */
export const editorApiRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });

  const who = (request: FastifyRequest) => actorOf(request, ctx.now());

  /** Checks the role may take `right` on the article and runs the write (the service tells the caches). */
  async function act(request: FastifyRequest, id: string, right: ArticleRight, write: () => Promise<articles.ArticleRecord>) {
    const person = staffOf(request);
    const before = await articles.getArticle(database.db, id);
    assertMay(person.role, right, before.status);
    const after = await write();
    return editorView(after, person.role, urls);
  }

  app.get('/articles/:id', { config, schema: { ...hide, params: IdParams } }, async (request) =>
    editorView(await articles.getArticle(database.db, request.params.id), staffOf(request).role, urls),
  );

  app.get(
    '/articles',
    { config, schema: { ...hide, querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }) } },
    async (request) => {
      const q = request.query.q?.trim();
      const found = await articles.listArticles(database.db, { ...(q ? { q, matchPrefix: true } : {}), limit: 12 });
      return {
        items: found.items.map((a) => ({
          id: a.id,
          headline: a.headline,
          status: a.status,
          section: a.section.name,
          url: urls.article(a.section.slug, a.slug),
        })),
      };
    },
  );

  app.patch('/articles/:id', { config, schema: { ...hide, params: IdParams, body: UpdateArticle } }, async (request) => {
    // An autosave's answer leaves out the body the editor just sent (half the bytes of a long article).
    const {
      body: _body,
      references: _references,
      ...saved
    } = await act(request, request.params.id, 'edit', () => articles.updateArticle(ctx, request.params.id, request.body, who(request)));
    return saved;
  });

  app.post('/articles/:id/submit', { config, schema: { ...hide, params: IdParams, body: Empty } }, async (request) =>
    act(request, request.params.id, 'submit', () => articles.submitArticle(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/articles/:id/return', { config, schema: { ...hide, params: IdParams, body: Empty } }, async (request) =>
    act(request, request.params.id, 'return', () => articles.returnArticle(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/articles/:id/publish', { config, schema: { ...hide, params: IdParams, body: Empty } }, async (request) =>
    act(request, request.params.id, 'publish', () => articles.publishArticle(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/articles/:id/unpublish', { config, schema: { ...hide, params: IdParams, body: UnpublishArticle } }, async (request) =>
    act(request, request.params.id, 'unpublish', () => articles.unpublishArticle(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/articles/:id/schedule', { config, schema: { ...hide, params: IdParams, body: ScheduleArticle } }, async (request) =>
    act(request, request.params.id, 'schedule', () => articles.scheduleArticle(ctx, request.params.id, request.body, who(request))),
  );
  app.post('/articles/:id/corrections', { config, schema: { ...hide, params: IdParams, body: AddCorrection } }, async (request) =>
    act(request, request.params.id, 'correct', () => articles.addCorrection(ctx, request.params.id, request.body, who(request))),
  );
  app.post(
    '/articles/:id/restore',
    { config, schema: { ...hide, params: IdParams, body: Type.Object({ from: Version, version: Version }, { additionalProperties: false }) } },
    async (request) =>
      act(request, request.params.id, 'edit', () =>
        articles.restoreRevision(ctx, request.params.id, request.body.from, { version: request.body.version }, who(request)),
      ),
  );

  app.delete('/articles/:id', { config, schema: { ...hide, params: IdParams } }, async (request, reply) => {
    const person = staffOf(request);
    const before = await articles.getArticle(database.db, request.params.id);
    assertMay(person.role, 'delete', before.status);
    // Only what readers never saw: a published article is unpublished instead, so its address answers 410.
    if (before.firstPublishedAt) throw new AppError('conflict', 'This article has been published; unpublish it instead of deleting it.');
    await articles.deleteArticle(ctx, before.id, (tx, article) =>
      audit(tx, person, { action: 'article.delete', targetType: 'article', targetId: article.id, details: { headline: article.headline } }, ctx.now()),
    );
    return reply.status(204).send();
  });

  /** How the article's discussion runs: open, pre-moderated or closed, and whether it closes by itself. */
  app.put(
    '/articles/:id/discussion',
    {
      config,
      schema: {
        ...hide,
        params: IdParams,
        body: Type.Object(
          {
            mode: Type.Union(DISCUSSION_MODES.map((m) => Type.Literal(m))),
            closeAfterDays: Type.Union([Type.Integer({ minimum: 1, maximum: 3650 }), Type.Null()]),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const person = staffOf(request);
      const article = await articles.getArticle(database.db, request.params.id);
      // Opening or closing a discussion is an editor's call, like publishing.
      assertMay(person.role, 'publish', article.status);
      await setDiscussionMode(ctx, article.id, request.body, ctx.now(), (tx) =>
        audit(tx, person, { action: 'discussion.change', targetType: 'article', targetId: article.id, details: { ...request.body } }, ctx.now()),
      );
      return readDiscussion(database.db, article.id);
    },
  );

  app.post(
    '/articles/:id/presence',
    { config, schema: { ...hide, params: IdParams, body: Type.Object({ leaving: Type.Optional(Type.Boolean()) }, { additionalProperties: false }) } },
    async (request) => {
      const person = staffOf(request);
      await articles.getArticle(database.db, request.params.id);
      if (request.body.leaving) {
        await stopEditing(database.db, request.params.id, person.id);
        return { editors: [] };
      }
      const others = await markEditing(database.db, request.params.id, person.id, ctx.now());
      return { editors: others.map((e) => e.name) };
    },
  );

  // The media library
  await uploadParser(app, ctx.config.maxUploadBytes);

  app.get('/images', { config, schema: { ...hide, querystring: ImageQuery } }, async (request) => {
    const result = await images.listImages(database.db, { ...request.query, limit: request.query.limit ?? 24 });
    return { items: result.items.map((i) => presentLibraryImage(i, urls)), nextCursor: result.nextCursor };
  });

  app.post('/images', { config, schema: hide }, async (request, reply) => {
    const { file, details } = await readUpload(request);
    const image = await images.uploadImage(database, ctx.storage, file, details);
    return reply.status(201).send(presentLibraryImage(image, urls));
  });

  app.patch('/images/:id', { config, schema: { ...hide, params: IdParams, body: UpdateImage } }, async (request) => {
    const person = staffOf(request);
    const { version, ...details } = request.body;
    const image = await images.updateImage(ctx, request.params.id, version, details, pictureChangeGuard(person, person.role, ctx.now()));
    return presentLibraryImage(image, urls);
  });
};
