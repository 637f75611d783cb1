import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  makeDeferredVariants,
  AVIF_JOB,
  REMOVE_FILES_JOB,
  removeLeftFiles,
  publishScheduled,
  PUBLISH_SCHEDULED_JOB,
  PUBLISH_DUE_ENTRIES_JOB,
  liveBlogs,
  urlsFor,
  withinSite,
  ContentEvents,
  mediaRoutes,
} from './content/index.ts';
import { contentApiRoutes } from './content-api/index.ts';
import { registerComments } from './comments/index.ts';
import { registerAlerts } from './alerts/index.ts';
import { registerRevenue } from './revenue/index.ts';
import { registerFronts } from './fronts/index.ts';
import type { AppContext } from './context.ts';
import { registerSite, securityHeaders } from './site/index.ts';
import {
  adminArticleRoutes,
  adminLiveBlogRoutes,
  adminPageRoutes,
  adminImageRoutes,
  adminTaxonomyRoutes,
  authenticateToken,
  readSettings,
  registerNewsroomRoutes,
  editorApiRoutes,
  liveApiRoutes,
} from './newsroom/index.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { registerAccessControl } from './platform/http/access.ts';
import { registerDefaultCacheControl } from './platform/http/cache-control.ts';
import { requireRouteSchemas } from './platform/http/route-schemas.ts';
import {
  strongSessionVerdict,
  accountAuthenticator,
  registerAccountsHttp,
  registerAccountRoutes,
  HOUSEKEEPING_JOB,
  nextSweep,
  scheduleHousekeeping,
  sweepExpired,
} from './accounts/index.ts';
import { createMailer, MAIL_JOB, type MailMessage } from './platform/mail/mailer.ts';
import { frameworkErrors, notFoundJson, registerErrorHandler } from './platform/http/error-handler.ts';
import { registerJsonBody } from './platform/http/json-body.ts';
import { registerNetworkKey } from './platform/http/network.ts';
import { requestSerializer } from './platform/http/log-redaction.ts';
import { AJV_OPTIONS, addTextFormats } from './platform/http/validation.ts';
import { JobWorker, type JobRun } from './platform/jobs/queue.ts';
import { jobMetrics } from './platform/jobs/metrics.ts';
import { registerScheduledBackups } from './platform/backup/index.ts';
import { registerCdnPurges } from './platform/cdn/index.ts';
import { LiveChannel } from './platform/live/index.ts';
import { Metrics } from './platform/metrics/metrics.ts';
import { registerRequestMetrics } from './platform/metrics/requests.ts';
import { registerMetricsRoute } from './platform/metrics/route.ts';
import { databaseMetrics } from './platform/db/metrics.ts';
import { registerHealth } from './platform/http/health.ts';
import { requestIds } from './platform/http/request-id.ts';
import { openMediaStorage, type MediaStorage } from './platform/storage/index.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  /** Where media files live; defaults to the configured store (DATA_DIR/media, or the S3 bucket), opened and closed with the app. */
  storage?: MediaStorage;
  /** false silences logs (tests); otherwise JSON logs at the configured level, to stdout or `stream`. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  now?: () => Date;
  /** Where the app counts; a fresh registry (without process metrics) when absent. */
  metrics?: Metrics;
  /** What `/metrics` (with METRICS_TOKEN) answers; this process's metrics when absent (a cluster worker asks the primary for everyone's). */
  readMetrics?: () => Promise<{ contentType: string; body: string }>;
}

/**
 * Path prefixes after which every segment is a one-time token, for the request log to redact
 * (see platform/http/log-redaction.ts). None today: every one-time link carries its token in
 * the query as `?token=`, which is redacted on any page, also inside a `returnTo` that points
 * at such a link (a signed-out reader sent to sign in first). Those pages are:
 * - /account/confirm?token=: registration, a new e-mail address (old and new), magic-link sign-in
 * - /account/reset?token=: password reset
 * - /account/enrol?token=: an admin's one-time second-factor enrolment link for staff
 * - /newsroom/invite?token=: staff invitation; /newsroom/setup?token=: the first admin
 * - /support/contribution?token=: a donor's signed link from a receipt
 * A page that puts a token in its path must be listed here.
 */
const TOKEN_ROUTES: readonly string[] = [];

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    jobs: JobWorker;
    /** Begins shutting down: readiness fails and responses ask clients to close their connections; requests are still served. */
    drain(): void;
  }
}

/**
 * The one place the application is wired. It does not listen and does not start background
 * work: `main.ts` does both, and tests drive the whole app through `inject()`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const metrics = deps.metrics ?? new Metrics();
  const requestId = requestIds(config.trustProxy);
  // Cached reader pages are answered by the HTTP server before Fastify sees the request; the
  // site fills this in once its cache exists. They are counted and timed here, as Fastify never sees them.
  let fastPath: ((req: IncomingMessage, res: ServerResponse, id: typeof requestId) => boolean) | undefined = undefined;
  let countFastPath: (method: string, status: number, seconds: number) => void = () => {};
  const app = Fastify({
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        const started = performance.now();
        if (fastPath?.(req, res, requestId)) countFastPath(req.method!, res.statusCode, (performance.now() - started) / 1000);
        else handler(req, res);
      }),
    genReqId: requestId,
    logger:
      deps.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization'],
            serializers: { req: requestSerializer(TOKEN_ROUTES) },
            ...(typeof deps.logger === 'object' ? { stream: deps.logger.stream } : {}),
          },
    bodyLimit: config.maxJsonBytes,
    forceCloseConnections: 'idle',
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    frameworkErrors,
    ajv: { customOptions: AJV_OPTIONS, plugins: [addTextFormats as never] },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Traces only when an OTLP endpoint is set: without one, no OpenTelemetry code is even loaded.
  const { tracesUrl } = config.observability;
  const tracing = tracesUrl ? await import('./platform/metrics/tracing.ts') : undefined;
  if (tracing && tracesUrl) await tracing.traceRequests(app, tracesUrl); // before any route, so that every route is traced
  // Every response names its request, also those written to the socket directly (pages, streams).
  app.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('x-request-id', request.id);
    done();
  });
  countFastPath = registerRequestMetrics(app, metrics);
  databaseMetrics(metrics, database);

  const urls = urlsFor(config.publicUrl, config.media.publicUrl);
  const storage = deps.storage ?? openMediaStorage(config.media);
  if (!deps.storage) app.addHook('onClose', () => storage.close());
  const ctx: AppContext = {
    config,
    database,
    storage,
    urls,
    paths: withinSite(urls, config.publicUrl),
    events: new ContentEvents(),
    live: new LiveChannel({
      database,
      log: app.log,
      gripUrl: config.gripUrl,
      maxPerAddress: config.liveStreamsPerAddress,
      maxPerProcess: config.liveStreamsPerProcess,
      metrics,
    }),
    metrics,
    now: deps.now ?? (() => new Date()),
  };
  app.decorate('ctx', ctx);
  app.addHook('onReady', () => ctx.live.start());
  // Open streams would keep the server from closing: they end first.
  app.addHook('preClose', () => ctx.live.stop());

  const countJob = jobMetrics(metrics, database);
  const around: JobRun = tracing ? (job, run) => countJob(job, () => tracing.traceJob(job.name, job.id, job.attempt, run)) : countJob;
  const jobs = new JobWorker(database, app.log as never, { now: ctx.now, around });
  jobs.register(
    AVIF_JOB,
    async (payload: { imageId: string }) => {
      await makeDeferredVariants(ctx, ctx.storage, payload.imageId); // announces the new variants: pages may now offer AVIF
    },
    { lane: { name: 'media', concurrency: 1 } },
  ); // seconds of CPU each: never in the way of mail or alerts
  jobs.register(
    REMOVE_FILES_JOB,
    async (payload: { imageId: string }) => {
      await removeLeftFiles(database.db, ctx.storage, payload.imageId); // throws while the store is down: tried again later
    },
    { lane: { name: 'media', concurrency: 1 } },
  );
  jobs.register(PUBLISH_SCHEDULED_JOB, async (payload: { articleId: string }) => {
    await publishScheduled(ctx, payload.articleId, ctx.now()); // announces the publication once it has committed
  });
  jobs.register(PUBLISH_DUE_ENTRIES_JOB, async () => {
    await liveBlogs.publishDueEntries(ctx, ctx.now()); // each entry announced once committed
  });

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir, log: app.log, metrics });
  // The message carries single-use links: once sent (or given up on) it is not kept.
  jobs.register(MAIL_JOB, (message: MailMessage) => mailer.send(message), { forgetPayload: true });
  app.addHook('onClose', async () => mailer.close());

  jobs.register(HOUSEKEEPING_JOB, async () => {
    await sweepExpired(database.db, ctx.now());
    await scheduleHousekeeping(database.db, nextSweep(ctx.now()));
  });
  registerScheduledBackups(jobs, { database, databaseUrl: config.databaseUrl, media: ctx.storage, config: config.backup, now: ctx.now });

  registerCdnPurges(jobs, database, config.cdn, ctx.now);

  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());

  // While shutting down, tell clients to drop their keep-alive connections after the response
  // in flight, so closing the server does not wait for them to time out.
  // A drain comes first on SIGTERM: readiness fails so a load balancer sends new readers to
  // other machines, while requests that still arrive are served (cli/start.ts).
  let closing = false;
  app.decorate('isClosing', () => closing);
  app.decorate('drain', () => {
    closing = true;
    // New jobs are left to machines that stay; those in hand finish or are handed back (stop's grace).
    void jobs.stop();
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  registerErrorHandler(app);
  registerDefaultCacheControl(app);
  registerNetworkKey(app, config.ipv6NetworkPrefix);
  const headers = securityHeaders(config.publicUrl, config.stripe?.pageOrigins);
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(headers);
  });
  registerJsonBody(app, config.maxJsonBytes);
  await registerAccountsHttp(app, { database, publicUrl: config.publicUrl, now: ctx.now });
  requireRouteSchemas(app);
  registerAccessControl(
    app,
    { 'api-token': (request) => authenticateToken(database.db, request.headers.authorization), account: accountAuthenticator(app) },
    async (principal, url) => strongSessionVerdict(principal, (await readSettings(database.db)).staffSecondFactor, url),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Masthead API',
        version: '1',
        description: 'The Admin API (bearer token) writes content; the Content API (public) reads what readers can see.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Create one with `npx masthead token create --name NAME`.' } },
      },
    },
  });

  registerHealth(app, database, () => closing);
  const { metricsToken } = config.observability;
  if (metricsToken) registerMetricsRoute(app, metricsToken, deps.readMetrics ?? (() => metrics.exposition()));
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(adminArticleRoutes, { prefix: '/api/admin', ctx });
  await app.register(adminTaxonomyRoutes, { prefix: '/api/admin', ctx });
  await app.register(adminImageRoutes, { prefix: '/api/admin', ctx });
  await app.register(adminPageRoutes, { prefix: '/api/admin', ctx });
  await app.register(adminLiveBlogRoutes, { prefix: '/api/admin', ctx });
  await app.register(contentApiRoutes, { prefix: '/api/content', ctx });
  await app.register(mediaRoutes, { ctx });
  const site = await registerSite(app, ctx);
  fastPath = site.fastPath;
  const accountKit = await registerAccountRoutes(app, ctx, site);
  await registerComments(app, ctx, accountKit);
  await registerAlerts(app, ctx, accountKit, (await site.directory.site()).assets.logo);
  await registerRevenue(app, ctx, accountKit);
  await registerNewsroomRoutes(app, ctx, accountKit);
  await registerFronts(app, ctx, accountKit);
  await app.register(editorApiRoutes, { prefix: '/newsroom/api', ctx });
  await app.register(liveApiRoutes, { prefix: '/newsroom/api', ctx });
  // Unknown addresses: JSON under the APIs, the reader site's 404 page everywhere else.
  app.setNotFoundHandler((request, reply) => {
    if (/^\/(api|media|newsroom\/api)(\/|$)/.test(request.url)) return notFoundJson(request, reply);
    return site.notFound(request, reply);
  });
  return app;
}
