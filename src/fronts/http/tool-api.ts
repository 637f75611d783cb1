import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { staffOf } from '../../web/principal.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';
import { listAllFronts } from '../directory.ts';
import { findVersion } from '../repository/history.ts';
import { leaveFront, markPresent } from '../repository/presence.ts';
import { cancelSchedule, scheduleLayout } from '../schedule-service.ts';
import { getFront, openFront, publishDraft, restoreVersion, saveDraft } from '../service.ts';
import { searchStories } from '../stories.ts';
import { notFound } from '../../platform/errors.ts';
import {
  FrontParams,
  HistoryQuery,
  OpenBody,
  PresenceBody,
  PublishBody,
  RestoreBody,
  SaveBody,
  ScheduleBody,
  ScheduleParams,
  StoryQuery,
  VersionParams,
} from './schemas.ts';
import { actorOf } from '../../web/principal.ts';
import { historyPage, toolView } from './views.ts';
import { emptyBodyIsEmptyObject } from '../../platform/http/json-body.ts';

const config = { access: 'account', roles: EDITOR_ROLES, strong: true } as const;
const hide = { hide: true };

/** The JSON the newsroom's fronts tool calls, under /newsroom/api/fronts, for editors and admins. */
export const frontsToolApi: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const db = ctx.database.db;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });
  const who = (request: FastifyRequest) => actorOf(request, ctx.now());

  app.get('/', { config, schema: hide }, async () => ({ fronts: await listAllFronts(db, ctx.urls) }));

  app.get('/stories', { config, schema: { ...hide, querystring: StoryQuery } }, async (request) => ({
    stories: await searchStories(db, ctx.urls, request.query),
  }));

  app.post('/open', { config, schema: { ...hide, body: OpenBody } }, async (request) => ({ id: await openFront(ctx, request.body.scope, who(request)) }));

  app.get('/:id', { config, schema: { ...hide, params: FrontParams } }, async (request) => toolView(ctx, await getFront(ctx, request.params.id)));

  // A stale write is a FrontConflict: the one error handler answers 409 in the house shape,
  // `{ error: { code: 'conflict', message, field: 'version', yours, theirs } }`.
  app.put('/:id/draft', { config, schema: { ...hide, params: FrontParams, body: SaveBody } }, async (request) => {
    const saved = await saveDraft(ctx, request.params.id, request.body.layout, request.body.version, who(request));
    return { version: saved.version, savedAt: saved.savedAt.toISOString() };
  });

  app.post('/:id/publish', { config, schema: { ...hide, params: FrontParams, body: PublishBody } }, async (request) => {
    const published = await publishDraft(ctx, request.params.id, request.body.version, who(request));
    return { number: published.number, publishedAt: published.publishedAt.toISOString() };
  });

  app.post('/:id/schedules', { config, schema: { ...hide, params: FrontParams, body: ScheduleBody } }, async (request, reply) => {
    const { version, runAt, layout } = request.body;
    const scheduled = await scheduleLayout(ctx, request.params.id, { version, runAt: new Date(runAt), layout }, who(request));
    return reply.status(201).send({ id: scheduled.id, runAt: scheduled.runAt.toISOString() });
  });

  app.delete('/:id/schedules/:scheduleId', { config, schema: { ...hide, params: ScheduleParams } }, async (request, reply) => {
    await cancelSchedule(ctx, request.params.id, request.params.scheduleId, who(request));
    return reply.status(204).send();
  });

  app.get('/:id/history', { config, schema: { ...hide, params: FrontParams, querystring: HistoryQuery } }, async (request) => {
    await getFront(ctx, request.params.id);
    return historyPage(ctx, request.params.id, request.query.before);
  });

  app.get('/:id/history/:number', { config, schema: { ...hide, params: VersionParams } }, async (request) => {
    const version = await findVersion(db, request.params.id, request.params.number);
    if (!version) throw notFound(`Version ${request.params.number} of this front`);
    return version;
  });

  app.post('/:id/restore', { config, schema: { ...hide, params: FrontParams, body: RestoreBody } }, async (request) => {
    const published = await restoreVersion(ctx, request.params.id, request.body.number, request.body.version, who(request));
    return { number: published.number, publishedAt: published.publishedAt.toISOString() };
  });

  app.post(
    '/:id/presence',
    { config, preValidation: emptyBodyIsEmptyObject, schema: { ...hide, params: FrontParams, body: PresenceBody } },
    async (request) => {
      const person = staffOf(request);
      const front = await getFront(ctx, request.params.id);
      const editors = request.body.leaving ? (await leaveFront(db, front.id, person.id), []) : await markPresent(db, front.id, person.id, ctx.now());
      return { editors, version: front.version, savedAt: front.savedAt.toISOString(), actor: front.actor };
    },
  );
};
