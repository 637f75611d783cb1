import { audit } from '../../platform/audit/repository.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  articles,
  liveBlogs,
  lookupsFor,
  presentAdmin,
  AddCorrection,
  AdminArticle,
  AdminArticleQuery,
  CreateArticle,
  IdParams,
  Page,
  PublishArticle,
  ScheduleArticle,
  UnpublishArticle,
  UpdateArticle,
} from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { errorResponses } from '../../platform/http/responses.ts';
import { actorOf } from '../../web/principal.ts';
import type { FastifyRequest } from 'fastify';
import { emptyBodyIsEmptyObject } from '../../platform/http/json-body.ts';

const tags = ['Admin: articles'];
const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;
const writeErrors = errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'invalid');

export const adminArticleRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());
  /** The article as the Admin API shows it, saying whether it is a live blog (open or closed). */
  const view = async (record: articles.ArticleRecord) => ({
    ...presentAdmin(record, lookupsFor([record]), urls),
    liveBlog: (await liveBlogs.blogStates(database.db, [record.id])).get(record.id) ?? null,
  });
  /** Runs a write (the service tells the rest of the app what it changed) and answers with the article it left. */
  const changing = async (write: () => Promise<articles.ArticleRecord>) => view(await write());

  app.post(
    '/articles',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Create an article (draft, or published at once)',
        body: CreateArticle,
        response: { 201: AdminArticle, ...writeErrors },
      },
    },
    async (request, reply) => {
      const record = await articles.createArticle(ctx, request.body, who(request));
      return reply.status(201).send(await view(record));
    },
  );

  app.get(
    '/articles',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'List articles in every state, most recently changed first',
        querystring: AdminArticleQuery,
        response: { 200: Page(AdminArticle), ...errorResponses('bad_request', 'unauthorized') },
      },
    },
    async (request) => {
      const result = await articles.listArticles(database.db, request.query);
      const lookups = lookupsFor(result.items);
      const live = await liveBlogs.blogStates(
        database.db,
        result.items.map((a) => a.id),
      );
      return { items: result.items.map((a) => ({ ...presentAdmin(a, lookups, urls), liveBlog: live.get(a.id) ?? null })), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/articles/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Read an article with its body and version',
        params: IdParams,
        response: { 200: AdminArticle, ...errorResponses('bad_request', 'unauthorized', 'not_found') },
      },
    },
    async (request) => view(await articles.getArticle(database.db, request.params.id)),
  );

  app.patch(
    '/articles/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Change an article; name the version you edited',
        params: IdParams,
        body: UpdateArticle,
        response: { 200: AdminArticle, ...writeErrors },
      },
    },
    async (request) => changing(() => articles.updateArticle(ctx, request.params.id, request.body, who(request))),
  );

  app.delete(
    '/articles/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Delete an article for good (unpublish keeps it)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await articles.deleteArticle(ctx, request.params.id, (tx, article) =>
        audit(
          tx,
          request.principal,
          { action: 'article.delete', targetType: 'article', targetId: article.id, details: { headline: article.headline } },
          ctx.now(),
        ),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/articles/:id/publish',
    {
      config,
      preValidation: emptyBodyIsEmptyObject,
      schema: { tags, security, summary: 'Publish now (idempotent)', params: IdParams, body: PublishArticle, response: { 200: AdminArticle, ...writeErrors } },
    },
    async (request) => changing(() => articles.publishArticle(ctx, request.params.id, request.body, who(request))),
  );

  app.post(
    '/articles/:id/unpublish',
    {
      config,
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        security,
        summary: 'Withdraw from readers; its URL answers 410 Gone',
        params: IdParams,
        body: UnpublishArticle,
        response: { 200: AdminArticle, ...writeErrors },
      },
    },
    async (request) => changing(() => articles.unpublishArticle(ctx, request.params.id, request.body, who(request))),
  );

  app.post(
    '/articles/:id/schedule',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Embargo until a time, then publish',
        params: IdParams,
        body: ScheduleArticle,
        response: { 200: AdminArticle, ...writeErrors },
      },
    },
    async (request) => changing(() => articles.scheduleArticle(ctx, request.params.id, request.body, who(request))),
  );

  app.post(
    '/articles/:id/corrections',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Add a correction or an update note to a published article',
        params: IdParams,
        body: AddCorrection,
        response: { 201: AdminArticle, ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await changing(() => articles.addCorrection(ctx, request.params.id, request.body, who(request)))),
  );

  app.get(
    '/articles/:id/revisions',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Every saved state of the article, newest first',
        params: IdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                action: Type.String(),
                actor: Type.String(),
                createdAt: Type.String(),
                snapshot: Type.Object({}, { additionalProperties: true }),
              }),
            ),
          }),
          ...errorResponses('bad_request', 'unauthorized', 'not_found'),
        },
      },
    },
    async (request) => {
      const revisions = await articles.listRevisions(database.db, request.params.id);
      return { items: revisions.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })) };
    },
  );
};
