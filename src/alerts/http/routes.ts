import crypto from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { listAuthors, listEditions, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../platform/errors.ts';
import * as alerts from '../repository.ts';
import { cancelAlert, createAlert, type AlertDeps } from '../service.ts';
import { admitNewSubscription } from '../subscriptions/limits.ts';
import * as subscriptions from '../subscriptions/repository.ts';
import { readChoices, readSubscription, readTimeZone } from '../subscriptions/validate.ts';
import { vapidKeys } from '../vapid.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';
import { staffOf } from '../../web/principal.ts';
import { liveBlogFollowRoutes } from './live-blog-routes.ts';
import { SubscriptionBody } from './schemas.ts';

const Choices = Type.Object(
  {
    breaking: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
    sections: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
    topics: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
    authors: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 })),
    replies: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * Web push for readers: what can be chosen (with the key to subscribe with), subscribing and
 * changing choices, unsubscribing, and the service worker's click reports. Signed-out readers
 * subscribe too; a signed-in reader's subscriptions are listed on their account page.
 */
export const alertRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const db = ctx.database.db;
  const policy = { allowLoopback: ctx.config.pushAllowLoopback, extraServices: ctx.config.pushExtraServices };
  const limits = {
    perBrowserPerDay: ctx.config.pushSubscribePerBrowser,
    perNetworkPerHour: ctx.config.pushSubscribePerNetwork,
    max: ctx.config.pushSubscriptionsMax,
  };
  /** This browser, as far as we can tell: its CSRF cookie (every subscribing write carries one), hashed. */
  const browserOf = (request: FastifyRequest) =>
    crypto
      .createHash('sha256')
      .update(request.cookies[app.cookieNames.csrf] ?? '')
      .digest('base64url')
      .slice(0, 22);
  const signedIn = async (request: FastifyRequest) => {
    const found = await app.currentSession(request);
    return found?.session.complete ? found.user.id : null;
  };
  await app.register(liveBlogFollowRoutes, { ctx, policy, limits, browserOf, signedIn });

  app.get('/alerts/options', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const [keys, editions, sections, topics, authors] = await Promise.all([vapidKeys(db), listEditions(db), listSections(db), listTopics(db), listAuthors(db)]);
    reply.header('cache-control', 'public, max-age=300');
    return {
      publicKey: keys.publicKey,
      editions: editions.map((e) => ({ code: e.code, name: e.name })),
      sections: sections.map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
      topics: topics.map((t) => ({ id: t.id, slug: t.slug, name: t.name })),
      authors: authors.map((a) => ({ id: a.id, slug: a.slug, name: a.name })),
    };
  });

  app.post(
    '/alerts/subscriptions',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        body: Type.Object(
          { subscription: SubscriptionBody, choices: Choices, timeZone: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const userId = await signedIn(request);
      const input = readSubscription(request.body.subscription, policy);
      const choices = readChoices(request.body.choices, await subscriptions.knownChoices(db), userId !== null);
      if (!(await subscriptions.findByEndpoint(db, input.endpoint)))
        await admitNewSubscription(db, limits, { browser: browserOf(request), network: request.network }, ctx.now());
      const saved = await subscriptions.saveSubscription(db, { ...input, userId, choices, timeZone: readTimeZone(request.body.timeZone), at: ctx.now() });
      return reply
        .status(saved.created ? 201 : 200)
        .header('cache-control', 'private, no-store')
        .send({ id: saved.id, choices });
    },
  );

  /** The endpoint is the browser's secret: knowing it is what lets a page read or end its subscription. */
  app.post(
    '/alerts/subscriptions/lookup',
    {
      config: { access: 'public' },
      schema: { hide: true, body: Type.Object({ endpoint: Type.String({ maxLength: 4096 }) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      const found = await subscriptions.findByEndpoint(db, request.body.endpoint);
      if (!found) throw notFound('The subscription');
      return reply.header('cache-control', 'private, no-store').send({ id: found.id, choices: found.choices });
    },
  );

  app.delete(
    '/alerts/subscriptions',
    {
      config: { access: 'public' },
      schema: { hide: true, body: Type.Object({ endpoint: Type.String({ maxLength: 4096 }) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      await subscriptions.deleteByEndpoint(db, request.body.endpoint);
      return reply.status(204).send();
    },
  );

  /**
   * From the service worker, when the browser replaced a subscription: the new one takes the
   * old one's place and choices. Knowing the old endpoint is the proof; no CSRF token there.
   */
  app.post(
    '/alerts/subscriptions/renew',
    {
      config: { access: 'public', csrf: false },
      schema: {
        hide: true,
        body: Type.Object({ oldEndpoint: Type.String({ maxLength: 4096 }), subscription: SubscriptionBody }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const old = await subscriptions.findByEndpoint(db, request.body.oldEndpoint);
      if (!old) throw notFound('The subscription');
      // One subscription takes another's place: the count stays, so only the endpoint is checked.
      const fresh = readSubscription(request.body.subscription, policy);
      await ctx.database.transaction(async (tx) => {
        await subscriptions.deleteById(tx, old.id);
        await subscriptions.saveSubscription(tx, { ...fresh, userId: old.userId, choices: old.choices, timeZone: old.timeZone, at: ctx.now() });
      });
      return reply.status(204).send();
    },
  );

  /** From the service worker: a reader opened an alert. No CSRF token there; it only counts. */
  app.post(
    '/alerts/clicks',
    {
      config: { access: 'public', csrf: false },
      schema: {
        hide: true,
        body: Type.Object({ alertId: Type.String({ format: 'uuid' }), endpoint: Type.String({ maxLength: 4096 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      await alerts.recordClick(db, request.body.alertId.toLowerCase(), request.body.endpoint, ctx.now());
      return reply.status(204).send();
    },
  );
};

const editors = { access: 'account', roles: EDITOR_ROLES, strong: true } as const;

/** The newsroom's side: send or schedule an alert, cancel one, and read each one's report. */
export const newsroomAlertRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; deps: AlertDeps }> = async (app, { ctx, deps }) => {
  const db = ctx.database.db;
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store');
  });

  app.post(
    '/alerts',
    {
      config: editors,
      schema: {
        hide: true,
        body: Type.Object(
          {
            articleId: Type.String({ maxLength: 40 }),
            title: Type.Optional(Type.String({ maxLength: 1000 })),
            body: Type.Optional(Type.String({ maxLength: 2000 })),
            imageUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
            audience: Type.Object(
              {
                kind: Type.String({ maxLength: 20 }),
                edition: Type.Optional(Type.String({ maxLength: 40 })),
                id: Type.Optional(Type.String({ maxLength: 40 })),
              },
              { additionalProperties: false },
            ),
            breaking: Type.Optional(Type.Boolean()),
            urgency: Type.Optional(Type.String({ maxLength: 20 })),
            ttlMinutes: Type.Optional(Type.Integer()),
            sendAt: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const alert = await createAlert(deps, staffOf(request).id, request.body);
      return reply.status(201).send({ alert });
    },
  );

  app.get('/alerts/:id', { config: editors, schema: { hide: true, params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } }, async (request) => {
    const alert = await alerts.findAlert(db, request.params.id.toLowerCase());
    if (!alert) throw notFound('The alert');
    return { alert, report: await alerts.report(db, alert.id) };
  });

  app.post(
    '/alerts/:id/cancel',
    { config: editors, schema: { hide: true, params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
    async (request, reply) => {
      await cancelAlert(deps, request.params.id);
      return reply.status(204).send();
    },
  );
};
