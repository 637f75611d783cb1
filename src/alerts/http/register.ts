import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { PushClient } from '../delivery/push-client.ts';
import { ALERT_BATCH_JOB, ALERT_FANOUT_JOB, deliverBatch, fanOut, type FanoutDeps } from '../fanout.ts';
import { vapidKeys } from '../vapid.ts';
import { pushReply } from '../replies.ts';
import { REPLY_PUSH_JOB } from '../../comments/index.ts';
import { FIRST_PUBLISHED_JOB } from '../../content/index.ts';
import { alertNewArticle } from '../automatic.ts';
import { siteAssets } from '../../site/index.ts';
import { alertRoutes, newsroomAlertRoutes } from './routes.ts';
import { registerAlertPages } from './newsroom-pages.tsx';
import { registerAlertAccountPages } from './account-pages.tsx';
import type { FormKit } from '../../web/forms/kit.tsx';
import { alertsPart } from '../privacy/part.ts';
import { followKeyEvents } from '../live-blogs/listen.ts';
import { keyEventStillLive } from '../live-blogs/key-events.ts';

/** The VAPID contact push services may write to: the site's sender address. */
const subjectOf = (mailFrom: string, publicUrl: string) => {
  const address = /<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return address.includes('@') ? `mailto:${address}` : publicUrl;
};

/** Web push: the readers' API, the newsroom's, and the jobs that fan an alert out. */
export async function registerAlerts(app: FastifyInstance, ctx: AppContext, kit: FormKit, icon: string): Promise<void> {
  // One client per process, made when first needed (batches starting together share it).
  let client: Promise<PushClient> | undefined;
  const pushes = ctx.metrics.counter({
    name: 'masthead_push_messages_total',
    help: 'Web push messages by outcome: sent, gone (the browser unsubscribed), retry (to be sent again), failed.',
    labels: ['outcome'],
  });
  const makeClient = async () =>
    new PushClient({
      vapid: await vapidKeys(ctx.database.db),
      subject: subjectOf(ctx.config.mailFrom, ctx.config.publicUrl),
      allowLoopback: ctx.config.pushAllowLoopback,
      extraServices: ctx.config.pushExtraServices,
      ...(ctx.config.pushCaFile ? { ca: fs.readFileSync(ctx.config.pushCaFile) } : {}),
      counted: (outcome) => pushes.inc({ outcome }),
    });
  const alertDeps = { database: ctx.database, urls: ctx.urls, now: ctx.now, icon };
  const deps: FanoutDeps = {
    database: ctx.database,
    now: ctx.now,
    dailyCap: ctx.config.alertsDailyCap,
    icon,
    client: () =>
      (client ??= makeClient().catch((error) => {
        client = undefined; // the next batch tries again
        throw error;
      })),
    stillWanted: (executor, alert) => (alert.liveEntryId ? keyEventStillLive(executor, alert.liveEntryId) : Promise.resolve(true)),
  };
  app.addHook('onClose', async () => (await client)?.close());
  app.jobs.register(ALERT_FANOUT_JOB, (payload: { alertId: string }) => fanOut(deps, payload.alertId));
  // A big alert's batches have their own lane: mail and other jobs go on while it sends.
  app.jobs.register(ALERT_BATCH_JOB, (payload: { alertId: string; from: number; to: number }) => deliverBatch(deps, payload), {
    lane: { name: 'push', concurrency: 2 },
  });
  app.jobs.register(REPLY_PUSH_JOB, (payload: { userId: string; commentId: string }) => pushReply({ ...deps, publicUrl: ctx.config.publicUrl }, payload));
  /** The service worker's script, at the site's root so it may show alerts for every page. */
  app.get('/sw.js', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const { serviceWorker } = await siteAssets();
    reply.header('etag', serviceWorker.etag).header('cache-control', 'no-cache').header('service-worker-allowed', '/');
    if (request.headers['if-none-match'] === serviceWorker.etag) return reply.status(304).send();
    return reply.type(serviceWorker.type).send(serviceWorker.body);
  });

  app.jobs.register(FIRST_PUBLISHED_JOB, (payload: { articleId: string }) => alertNewArticle(alertDeps, payload.articleId));
  followKeyEvents(app, ctx, alertDeps);

  await app.register(alertRoutes, { prefix: '/api', ctx });
  await app.register(newsroomAlertRoutes, { prefix: '/newsroom/api', ctx, deps: alertDeps });
  registerAlertPages(app, ctx, kit, alertDeps);
  registerAlertAccountPages(app, ctx, kit);
  app.personalData.register(alertsPart);
}
