import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { articles, liveBlogs, IdParams } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { errorResponses } from '../../platform/http/responses.ts';
import { actorOf } from '../../web/principal.ts';
import { creatorIdOf, maySeeEntry } from '../rights/live-rights.ts';
import { entryCheck, entryOfArticle, putLiveBlog, releaseOf } from './live-actions.ts';
import {
  AdminEntry,
  AdminLiveBlog,
  CreateEntry,
  DeleteEntryQuery,
  EntryListQuery,
  EntryParams,
  LiveBlogSettingsBody,
  ReleaseEntry,
  UpdateEntry,
  presentBlog,
  presentEntry,
} from './live-schemas.ts';

const tags = ['Admin: live blogs'];
const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;
const readErrors = errorResponses('bad_request', 'unauthorized', 'not_found');
const writeErrors = errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'invalid');

/**
 * A live blog and its entries through the Admin API: what the newsroom's composer does, for
 * scripts and wire feeds. A token reads and writes as the API: people's drafts are theirs until
 * sent on (`maySeeEntry`), so the API finds only entries sent on and the drafts tokens started
 * (its list asks its query for those alone, so `limit` counts only them).
 */
export const adminLiveBlogRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database } = ctx;
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());

  app.get(
    '/articles/:id/live-blog',
    { config, schema: { tags, security, summary: 'Read the live blog an article is', params: IdParams, response: { 200: AdminLiveBlog, ...readErrors } } },
    async (request) => presentBlog(await liveBlogs.getBlog(database.db, request.params.id)),
  );

  app.put(
    '/articles/:id/live-blog',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Make an article a live blog, change its settings, open or close it',
        params: IdParams,
        body: LiveBlogSettingsBody,
        response: { 200: AdminLiveBlog, 201: AdminLiveBlog, ...writeErrors },
      },
    },
    async (request, reply) => {
      await articles.getArticle(database.db, request.params.id);
      const { made, blog } = await putLiveBlog(ctx, request.params.id, request.body, who(request));
      return reply.status(made ? 201 : 200).send(presentBlog(blog));
    },
  );

  app.get(
    '/articles/:id/entries',
    {
      config,
      schema: {
        tags,
        security,
        summary: "Entries in every state but deleted (people's drafts are theirs until sent on): unpublished first, then published newest first",
        params: IdParams,
        querystring: EntryListQuery,
        response: { 200: Type.Object({ items: Type.Array(AdminEntry) }), ...readErrors },
      },
    },
    async (request) => {
      await liveBlogs.getBlog(database.db, request.params.id);
      // The query keeps to the rule so its LIMIT counts what is listed; the rule itself has the last word.
      const found = (await liveBlogs.newsroomEntries(database.db, request.params.id, creatorIdOf('api'), request.query.limit ?? 200)).filter((entry) =>
        maySeeEntry('api', entry),
      );
      return { items: found.map(presentEntry) };
    },
  );

  app.post(
    '/articles/:id/entries',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Add an entry (a draft unless `as` says otherwise)',
        params: IdParams,
        body: CreateEntry,
        response: { 201: AdminEntry, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { as = 'draft', scheduledAt, ...fields } = request.body;
      const release = as === 'draft' ? null : releaseOf(as, scheduledAt);
      const entry = await liveBlogs.createEntry(ctx, request.params.id, fields, release, who(request));
      return reply.status(201).send(presentEntry(entry));
    },
  );

  app.get(
    '/articles/:id/entries/:entryId',
    { config, schema: { tags, security, summary: 'Read one entry with its version', params: EntryParams, response: { 200: AdminEntry, ...readErrors } } },
    async (request) => presentEntry(await entryOfArticle(database.db, request.params.id, request.params.entryId, 'api')),
  );

  app.patch(
    '/articles/:id/entries/:entryId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Change an entry, its key-event mark or pin; name the version you edited',
        params: EntryParams,
        body: UpdateEntry,
        response: { 200: AdminEntry, ...writeErrors },
      },
    },
    async (request) => {
      const { check } = entryCheck(request.params.id, 'api');
      return presentEntry(await liveBlogs.updateEntry(ctx, request.params.entryId, request.body, who(request), check));
    },
  );

  app.post(
    '/articles/:id/entries/:entryId/publish',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Publish an entry now, hold it for an editor, or schedule it',
        params: EntryParams,
        body: ReleaseEntry,
        response: { 200: AdminEntry, ...writeErrors },
      },
    },
    async (request) => {
      const { version, as = 'publish', scheduledAt } = request.body;
      const { check } = entryCheck(request.params.id, 'api');
      return presentEntry(await liveBlogs.releaseDraft(ctx, request.params.entryId, version, releaseOf(as, scheduledAt), who(request), check));
    },
  );

  app.delete(
    '/articles/:id/entries/:entryId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Delete an entry (readers lose it at once); name the version as ?version=',
        params: EntryParams,
        querystring: DeleteEntryQuery,
        response: { 204: Type.Null(), ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      const { check } = entryCheck(request.params.id, 'api');
      await liveBlogs.deleteEntry(ctx, request.params.entryId, request.query.version, who(request), check);
      return reply.status(204).send(null);
    },
  );
};
