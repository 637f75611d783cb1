import cluster from 'node:cluster';
import { demoEnvironment, type Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { say, type Command } from './command.ts';
import { openMediaStorage, openMigrated } from './database.ts';
import { answerWorkers, askPrimary, clusterRegistry, offerToPrimary } from '../platform/metrics/cluster.ts';
import { Metrics } from '../platform/metrics/metrics.ts';
import { serveMetrics } from '../platform/metrics/server.ts';

/**
 * With WORKERS > 1 the primary prepares the database once, then forks that many workers that
 * share the port; it forwards SIGTERM/SIGINT to them (a cluster worker does not stop on its own
 * when its primary is told to) and exits when they have all finished.
 */
async function startCluster(config: Config): Promise<void> {
  const database = await openMigrated(config);
  await loadDemoIfEmpty(config, database);
  await announceSetup(config, database);
  await database.close();
  // Let the kernel hand connections to whichever worker accepts first: measured here, it
  // spreads a burst more evenly than the primary's round robin (bench/article-page.ts).
  if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
  // The workers' metrics, summed here: on METRICS_PORT, and for a worker asked at /metrics.
  const aggregator = clusterRegistry();
  answerWorkers(aggregator);
  await listenForMetrics(config, async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() }));
  for (let i = 0; i < config.workers; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      say(`worker ${worker.process.pid} exited (${code}); starting another`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      process.exit(0);
    }
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** The metrics port, when METRICS_PORT is set (in the primary with WORKERS > 1: the workers share the site's port, not this one). */
async function listenForMetrics(config: Config, read: () => Promise<{ contentType: string; body: string }>) {
  const { metricsPort, metricsHost, metricsToken } = config.observability;
  if (metricsPort === undefined) return undefined;
  const server = await serveMetrics({ host: metricsHost, port: metricsPort, token: metricsToken }, read);
  say(`Metrics at http://${metricsHost.includes(':') ? `[${metricsHost}]` : metricsHost}:${server.port}/metrics`);
  return server;
}

export async function loadDemoIfEmpty(config: Config, database: Database) {
  if (!config.demo) return;
  const { seedDemo, isEmpty } = await import('../demo/index.ts');
  if (await isEmpty(database)) {
    say('Loading the demo edition (MASTHEAD_DEMO=0 starts empty)...');
    const storage = await openMediaStorage(config);
    try {
      await seedDemo(database, storage);
    } finally {
      await storage.close();
    }
  }
}

/** A site without an admin says, once per start, where to create one. */
async function announceSetup(config: Config, database: Database) {
  const { setupLinkIfNeeded } = await import('../newsroom/index.ts');
  const link = await setupLinkIfNeeded({ database, publicUrl: config.publicUrl, siteName: config.siteName, now: () => new Date() });
  if (link) say(`No admin yet. Create the first one within 24 hours at:\n  ${link}`);
}

async function start(config: Config): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) return startCluster(config);
  const database = cluster.isWorker
    ? await (await import('../platform/db/open.ts')).openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
    : await openMigrated(config);
  const [{ buildApp }, { scheduleHousekeeping }, { scheduleDigest }, { scheduleSandboxRenewals }, { scheduleKeyEventSweep }] = await Promise.all([
    import('../app.ts'),
    import('../accounts/index.ts'),
    import('../comments/index.ts'),
    import('../revenue/index.ts'),
    import('../alerts/index.ts'),
  ]);
  const storage = await openMediaStorage(config);
  if (cluster.isPrimary) await loadDemoIfEmpty(config, database);
  const metrics = new Metrics({ process: true });
  if (cluster.isWorker) offerToPrimary(metrics);
  const readMetrics = cluster.isWorker ? async () => ({ contentType: metrics.registry.contentType, body: await askPrimary() }) : undefined;
  const app = await buildApp({ config, database, storage, metrics, ...(readMetrics ? { readMetrics } : {}) });
  const metricsServer = cluster.isWorker ? undefined : await listenForMetrics(config, () => metrics.exposition());
  app.addHook('onClose', () => storage.close());
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // An orchestrator's SIGTERM drains first (readiness fails, requests still served); Ctrl-C in a terminal does not wait.
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainSeconds * 1000 : 0;
    app.log.info({ signal, drainMs }, 'shutting down: draining, then finishing requests in flight');
    // If something hangs, do not hang the operator's terminal or the orchestrator forever.
    setTimeout(() => {
      app.log.error('shutdown took longer than the drain and 10 s; exiting');
      process.exit(1);
    }, drainMs + 10_000).unref();
    app.drain();
    await new Promise((resolve) => setTimeout(resolve, drainMs));
    await app.close();
    await metricsServer?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  await app.jobs.start();
  await scheduleHousekeeping(app.ctx.database.db, new Date());
  await scheduleDigest(app.ctx.database.db, new Date());
  await scheduleKeyEventSweep(app.ctx.database.db, new Date());
  if (config.backup.dir) await (await import('../platform/backup/index.ts')).scheduleBackup(app.ctx.database.db, new Date(), config.backup.everyHours);
  if (config.paymentsSandbox) await scheduleSandboxRenewals(app.ctx.database.db, new Date());
  if (cluster.isPrimary && !config.stripe && !config.paymentsSandbox)
    say('Contributions are not set up: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PAYMENTS_SANDBOX=1 to try them with test payments.');
  if (cluster.isPrimary) await announceSetup(config, database);
}

export const startCommand: Command = {
  name: 'start',
  usage: [
    'start                              serve the site (migrates first; loads the demo into an empty database)',
    'start --demo                       the same with the demo edition and the payment sandbox on (test payments)',
  ],
  options: { demo: { type: 'boolean' } },
  environment: (env, values) => (values.demo ? demoEnvironment(env) : env),
  async run({ config }) {
    await start(config);
    return -1; // keeps running
  },
};
