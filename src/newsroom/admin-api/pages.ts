import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  sitePages,
  presentAdminPage,
  presentRevision,
  presentRevisionDetail,
  AdminPage,
  CreatePage,
  PageAction,
  PageIdParams,
  PageRevision,
  PageRevisionParams,
  RestorePageRevision,
  SavePage,
  type PageRecord,
} from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { errorResponses } from '../../platform/http/responses.ts';
import { actorOf } from '../../web/principal.ts';
import { emptyBodyIsEmptyObject } from '../../platform/http/json-body.ts';

const tags = ['Admin: pages'];
const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;
const writeErrors = errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'invalid');

/** The Admin API's pages: the site's own pages (about, privacy notice...), written with versions and revisions. */
export const adminPageRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { database, urls } = ctx;
  const db = database.db;
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());
  const view = (page: PageRecord) => presentAdminPage(page, urls);

  app.get(
    '/pages',
    {
      config,
      schema: { tags, security, summary: "The site's own pages in every state, by title", response: { 200: Type.Object({ items: Type.Array(AdminPage) }) } },
    },
    async () => ({ items: (await sitePages.listPages(db)).map(view) }),
  );

  app.post(
    '/pages',
    {
      config,
      schema: { tags, security, summary: 'Create a page (a draft, or published at once)', body: CreatePage, response: { 201: AdminPage, ...writeErrors } },
    },
    async (request, reply) => reply.status(201).send(view(await sitePages.createPage(ctx, request.body, who(request)))),
  );

  app.get(
    '/pages/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'One page with its revisions, newest first',
        params: PageIdParams,
        response: { 200: AdminPage, ...errorResponses('bad_request', 'not_found') },
      },
    },
    async (request) => {
      const page = await sitePages.getPage(db, request.params.id);
      return { ...view(page), revisions: (await sitePages.listRevisions(db, page.id)).map(presentRevision) };
    },
  );

  app.get(
    '/pages/:id/revisions/:version',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'What one revision said',
        params: PageRevisionParams,
        response: { 200: PageRevision, ...errorResponses('bad_request', 'not_found') },
      },
    },
    async (request) => {
      return presentRevisionDetail(await sitePages.getRevision(db, request.params.id, request.params.version));
    },
  );

  app.post(
    '/pages/:id/revisions/:version/restore',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Make the page say what a revision said (its title and body), saved as a new version and revision; name the version you are replacing',
        params: PageRevisionParams,
        body: RestorePageRevision,
        response: { 200: AdminPage, ...writeErrors },
      },
    },
    async (request) => view(await sitePages.restorePageRevision(ctx, request.params.id, request.params.version, request.body, who(request))),
  );

  app.put(
    '/pages/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Save a page (name the version you edited: a stale one gets 409 with yours and theirs, the page as saved now)',
        params: PageIdParams,
        body: SavePage,
        response: { 200: AdminPage, ...writeErrors },
      },
    },
    async (request) => view(await sitePages.savePage(ctx, request.params.id, request.body, who(request))),
  );

  app.post(
    '/pages/:id/publish',
    {
      config,
      preValidation: emptyBodyIsEmptyObject,
      schema: { tags, security, summary: 'Publish (idempotent)', params: PageIdParams, body: PageAction, response: { 200: AdminPage, ...writeErrors } },
    },
    async (request) => view(await sitePages.publishPage(ctx, request.params.id, request.body, who(request))),
  );

  app.post(
    '/pages/:id/withdraw',
    {
      config,
      preValidation: emptyBodyIsEmptyObject,
      schema: {
        tags,
        security,
        summary: 'Withdraw from readers; its address answers 410 Gone',
        params: PageIdParams,
        body: PageAction,
        response: { 200: AdminPage, ...writeErrors },
      },
    },
    async (request) => view(await sitePages.withdrawPage(ctx, request.params.id, request.body, who(request))),
  );

  app.delete(
    '/pages/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Delete a page and its history (not the privacy or community-standards page)',
        params: PageIdParams,
        response: { 204: Type.Null(), ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await sitePages.deletePage(ctx, request.params.id, who(request));
      return reply.status(204).send(null);
    },
  );
};
