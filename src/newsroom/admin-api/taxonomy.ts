import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  findImage,
  findImages,
  presentAuthor,
  presentSection,
  presentTopic,
  taxonomyReads,
  taxonomy,
  CreateAuthor,
  CreateSection,
  CreateTopic,
  Entity,
  IdOrSlugParams,
  UpdateAuthor,
  UpdateSection,
  UpdateTopic,
} from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { errorResponses } from '../../platform/http/responses.ts';

const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;
const readErrors = errorResponses('bad_request', 'unauthorized', 'not_found');
const writeErrors = errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'invalid');
const deleteResponse = { 204: Type.Null(), ...errorResponses('unauthorized', 'not_found', 'conflict') };
const List = Type.Object({ items: Type.Array(Entity) }, { additionalProperties: true });

export const adminTaxonomyRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;
  const db = database.db;

  const author = async (row: taxonomyReads.AuthorRow) => presentAuthor(row, urls, row.photoId ? await findImage(db, row.photoId) : undefined, true);
  const section = async (executor: Executor, row: taxonomyReads.SectionRow) =>
    presentSection(row, urls, row.parentId ? ((await taxonomyReads.findSection(executor, { id: row.parentId }))?.slug ?? null) : null, true);

  // Authors
  let tags = ['Admin: authors'];
  app.post(
    '/authors',
    { config, schema: { tags, security, summary: 'Create an author', body: CreateAuthor, response: { 201: Entity, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(await author(await taxonomy.createAuthor(ctx, request.body))),
  );
  app.get('/authors', { config, schema: { tags, security, summary: 'List authors', response: { 200: List, ...readErrors } } }, async () => {
    const rows = await taxonomyReads.listAuthors(db);
    const photos = new Map(
      (
        await findImages(
          db,
          rows.flatMap((r) => (r.photoId ? [r.photoId] : [])),
        )
      ).map((i) => [i.id, i]),
    );
    return { items: rows.map((r) => presentAuthor(r, urls, r.photoId ? photos.get(r.photoId) : undefined, true)) };
  });
  app.get(
    '/authors/:idOrSlug',
    { config, schema: { tags, security, summary: 'Read an author by id or slug', params: IdOrSlugParams, response: { 200: Entity, ...readErrors } } },
    async (request) => author(await taxonomy.getAuthor(db, request.params.idOrSlug)),
  );
  app.patch(
    '/authors/:idOrSlug',
    { config, schema: { tags, security, summary: 'Change an author', params: IdOrSlugParams, body: UpdateAuthor, response: { 200: Entity, ...writeErrors } } },
    async (request) => author(await taxonomy.updateAuthor(ctx, request.params.idOrSlug, request.body)),
  );
  app.delete(
    '/authors/:idOrSlug',
    { config, schema: { tags, security, summary: 'Delete an author who is on no byline', params: IdOrSlugParams, response: deleteResponse } },
    async (request, reply) => {
      await taxonomy.deleteAuthor(ctx, request.params.idOrSlug);
      return reply.status(204).send(null);
    },
  );

  // Sections
  tags = ['Admin: sections'];
  app.post(
    '/sections',
    {
      config,
      schema: { tags, security, summary: 'Create a section, optionally under a parent', body: CreateSection, response: { 201: Entity, ...writeErrors } },
    },
    async (request, reply) => reply.status(201).send(await section(db, await taxonomy.createSection(ctx, request.body))),
  );
  app.get(
    '/sections',
    { config, schema: { tags, security, summary: 'List sections with their parents', response: { 200: List, ...readErrors } } },
    async () => {
      const rows = await taxonomyReads.listSections(db);
      const slugs = new Map(rows.map((r) => [r.id, r.slug]));
      return { items: rows.map((r) => presentSection(r, urls, r.parentId ? (slugs.get(r.parentId) ?? null) : null, true)) };
    },
  );
  app.get(
    '/sections/:idOrSlug',
    { config, schema: { tags, security, summary: 'Read a section by id or slug', params: IdOrSlugParams, response: { 200: Entity, ...readErrors } } },
    async (request) => section(db, await taxonomy.getSection(db, request.params.idOrSlug)),
  );
  app.patch(
    '/sections/:idOrSlug',
    {
      config,
      schema: { tags, security, summary: 'Change or move a section', params: IdOrSlugParams, body: UpdateSection, response: { 200: Entity, ...writeErrors } },
    },
    async (request) => section(db, await taxonomy.updateSection(ctx, request.params.idOrSlug, request.body)),
  );
  app.delete(
    '/sections/:idOrSlug',
    { config, schema: { tags, security, summary: 'Delete an empty section', params: IdOrSlugParams, response: deleteResponse } },
    async (request, reply) => {
      await taxonomy.deleteSection(ctx, request.params.idOrSlug);
      return reply.status(204).send(null);
    },
  );

  // Topics
  tags = ['Admin: topics'];
  app.post(
    '/topics',
    { config, schema: { tags, security, summary: 'Create a topic', body: CreateTopic, response: { 201: Entity, ...writeErrors } } },
    async (request, reply) => reply.status(201).send(presentTopic(await taxonomy.createTopic(ctx, request.body), urls, true)),
  );
  app.get('/topics', { config, schema: { tags, security, summary: 'List topics', response: { 200: List, ...readErrors } } }, async () => ({
    items: (await taxonomyReads.listTopics(db)).map((t) => presentTopic(t, urls, true)),
  }));
  app.get(
    '/topics/:idOrSlug',
    { config, schema: { tags, security, summary: 'Read a topic by id or slug', params: IdOrSlugParams, response: { 200: Entity, ...readErrors } } },
    async (request) => presentTopic(await taxonomy.getTopic(db, request.params.idOrSlug), urls, true),
  );
  app.patch(
    '/topics/:idOrSlug',
    { config, schema: { tags, security, summary: 'Change a topic', params: IdOrSlugParams, body: UpdateTopic, response: { 200: Entity, ...writeErrors } } },
    async (request) => presentTopic(await taxonomy.updateTopic(ctx, request.params.idOrSlug, request.body), urls, true),
  );
  app.delete(
    '/topics/:idOrSlug',
    { config, schema: { tags, security, summary: 'Delete a topic no article uses', params: IdOrSlugParams, response: deleteResponse } },
    async (request, reply) => {
      await taxonomy.deleteTopic(ctx, request.params.idOrSlug);
      return reply.status(204).send(null);
    },
  );
};
