import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { errorResponses } from '../../platform/http/responses.ts';
import { listAllFronts } from '../directory.ts';
import { cancelSchedule, scheduleLayout } from '../schedule-service.ts';
import { getFront, openFront, publishDraft, restoreVersion, saveDraft } from '../service.ts';
import {
  FrontListingSchema,
  AdminFront,
  FrontParams,
  HistoryPage,
  HistoryQuery,
  OpenBody,
  PublishBody,
  Published,
  RestoreBody,
  SaveBody,
  ScheduleBody,
  ScheduleParams,
  Scheduled,
} from './schemas.ts';
import { actorOf } from '../../web/principal.ts';
import { adminView, historyPage } from './views.ts';

const tags = ['Admin: fronts'];
const security = [{ bearerAuth: [] }];
const config = { access: 'api-token' } as const;
const readErrors = errorResponses('bad_request', 'unauthorized', 'not_found');
const writeErrors = errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type', 'invalid');

/**
 * Fronts in the Admin API (bearer token): the same services as the newsroom's fronts tool,
 * schedules included. A stale draft answers 409 with `error.theirs`, the draft saved since.
 */
export const adminFrontRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());

  app.get(
    '/fronts',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Every edition front and section front, with its draft version and what is published (id null until first opened)',
        response: { 200: Type.Object({ items: Type.Array(FrontListingSchema) }), ...errorResponses('unauthorized') },
      },
    },
    async () => ({ items: await listAllFronts(ctx.database.db, ctx.urls) }),
  );

  app.post(
    '/fronts/open',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'The front of an edition or section, made from its starting layout the first time (idempotent)',
        body: OpenBody,
        response: { 200: AdminFront, ...writeErrors },
      },
    },
    async (request) => adminView(ctx, await getFront(ctx, await openFront(ctx, request.body.scope, who(request)))),
  );

  app.get(
    '/fronts/:id',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'A front: its draft and version, the published layout, the latest versions',
        params: FrontParams,
        response: { 200: AdminFront, ...readErrors },
      },
    },
    async (request) => adminView(ctx, await getFront(ctx, request.params.id)),
  );

  app.put(
    '/fronts/:id/draft',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Replace the draft; name the version you edited (409 with the newer draft if stale)',
        params: FrontParams,
        body: SaveBody,
        response: { 200: AdminFront, ...writeErrors },
      },
    },
    async (request) => adminView(ctx, await saveDraft(ctx, request.params.id, request.body.layout, request.body.version, who(request))),
  );

  app.post(
    '/fronts/:id/publish',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Publish the draft of this version: readers see it at once',
        params: FrontParams,
        body: PublishBody,
        response: { 200: Published, ...writeErrors },
      },
    },
    async (request) => {
      const published = await publishDraft(ctx, request.params.id, request.body.version, who(request));
      return { number: published.number, publishedAt: published.publishedAt.toISOString() };
    },
  );

  app.post(
    '/fronts/:id/schedules',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Schedule the draft of this version (or the layout given) to be published at runAt; 409 with the newer draft if stale',
        params: FrontParams,
        body: ScheduleBody,
        response: { 201: Scheduled, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { version, runAt, layout } = request.body;
      const scheduled = await scheduleLayout(ctx, request.params.id, { version, runAt: new Date(runAt), layout }, who(request));
      return reply.status(201).send({ id: scheduled.id, runAt: scheduled.runAt.toISOString() });
    },
  );

  app.delete(
    '/fronts/:id/schedules/:scheduleId',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Cancel a waiting schedule (cancelling one already cancelled is done already; 409 once it has published)',
        params: ScheduleParams,
        response: { 204: Type.Null(), ...errorResponses('bad_request', 'unauthorized', 'not_found', 'conflict') },
      },
    },
    async (request, reply) => {
      await cancelSchedule(ctx, request.params.id, request.params.scheduleId, who(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/fronts/:id/history',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Published versions, newest first, 50 a page (`before` = nextBefore)',
        params: FrontParams,
        querystring: HistoryQuery,
        response: { 200: HistoryPage, ...readErrors },
      },
    },
    async (request) => {
      await getFront(ctx, request.params.id);
      return historyPage(ctx, request.params.id, request.query.before);
    },
  );

  app.post(
    '/fronts/:id/restore',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Publish a copy of an earlier version as the newest, and make it the draft',
        params: FrontParams,
        body: RestoreBody,
        response: { 200: Published, ...writeErrors },
      },
    },
    async (request) => {
      const published = await restoreVersion(ctx, request.params.id, request.body.number, request.body.version, who(request));
      return { number: published.number, publishedAt: published.publishedAt.toISOString() };
    },
  );
};
