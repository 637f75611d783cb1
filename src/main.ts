import { parseArgs } from 'node:util';
import { ConfigError, demoEnvironment, loadConfig, type Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { OpenOptions } from './platform/db/open.ts';
import { DatabaseInUseError } from './platform/db/pglite-lock.ts';
import { migrate, MigrationError } from './platform/db/migrate.ts';
import { AppError } from './platform/errors.ts';
import cluster from 'node:cluster';
import path from 'node:path';

// The database drivers, the app and the domains are imported by the commands that need them:
// loading all of them takes seconds, which a usage error, `migrate` or `token create` (and the
// tests that run each command in a process of its own) need not wait for.
const openDatabase = async (options: OpenOptions) => (await import('./platform/db/open.ts')).openDatabase(options);

const USAGE = `Usage: masthead <command>

  start                              serve the site (migrates first; loads the demo into an empty database)
  start --demo                       the same with the demo edition and the payment sandbox on (test payments)
  migrate                            apply pending database migrations
  seed --demo                        load the demo edition into an empty database
  token create --name NAME           create an Admin API token (printed alone on the last line)
  user create --email EMAIL --role ROLE

Configuration comes from environment variables; see README.md.`;

const say = (line: string) => process.stderr.write(`${line}\n`);

async function open(config: Config) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ran = await migrate(database);
  if (ran.length) say(`Applied migrations: ${ran.join(', ')}`);
  return database;
}

/**
 * With WORKERS > 1 the primary prepares the database once, then forks that many workers that
 * share the port; it forwards SIGTERM/SIGINT to them (a cluster worker does not stop on its own
 * when its primary is told to) and exits when they have all finished.
 */
async function startCluster(config: Config): Promise<void> {
  const database = await open(config);
  await loadDemoIfEmpty(config, database);
  await announceSetup(config, database);
  await database.close();
  // Let the kernel hand connections to whichever worker accepts first: measured here, it
  // spreads a burst more evenly than the primary's round robin (bench/article-page.ts).
  if (!process.env.NODE_CLUSTER_SCHED_POLICY) cluster.schedulingPolicy = cluster.SCHED_NONE;
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

async function loadDemoIfEmpty(config: Config, database: Database) {
  if (!config.demo) return;
  const { seedDemo, isEmpty } = await import('./demo/index.ts');
  const { MediaStorage } = await import('./content/index.ts');
  if (await isEmpty(database)) {
    say('Loading the demo edition (MASTHEAD_DEMO=0 starts empty)...');
    await seedDemo(database, new MediaStorage(path.join(config.dataDir, 'media')));
  }
}

/** A site without an admin says, once per start, where to create one. */
async function announceSetup(config: Config, database: Database) {
  const { setupLinkIfNeeded } = await import('./newsroom/index.ts');
  const link = await setupLinkIfNeeded({ database, publicUrl: config.publicUrl, siteName: config.siteName, now: () => new Date() });
  if (link) say(`No admin yet. Create the first one within 24 hours at:\n  ${link}`);
}

async function start(config: Config): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) return startCluster(config);
  const database = cluster.isWorker ? await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }) : await open(config);
  const [{ buildApp }, { scheduleHousekeeping }, { scheduleDigest }, { scheduleSandboxRenewals }, { MediaStorage }, { scheduleKeyEventSweep }] =
    await Promise.all([
      import('./app.ts'),
      import('./accounts/index.ts'),
      import('./comments/index.ts'),
      import('./revenue/index.ts'),
      import('./content/index.ts'),
      import('./alerts/index.ts'),
    ]);
  const storage = new MediaStorage(path.join(config.dataDir, 'media'));
  if (cluster.isPrimary) await loadDemoIfEmpty(config, database);
  const app = await buildApp({ config, database, storage });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    // If something hangs, do not hang the operator's terminal or the orchestrator forever.
    setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    await app.close();
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
  if (config.paymentsSandbox) await scheduleSandboxRenewals(app.ctx.database.db, new Date());
  if (cluster.isPrimary && !config.stripe && !config.paymentsSandbox)
    say('Contributions are not set up: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PAYMENTS_SANDBOX=1 to try them with test payments.');
  if (cluster.isPrimary) await announceSetup(config, database);
}

async function withDatabase(config: Config, work: (database: Database) => Promise<void>) {
  const database = await open(config);
  try {
    await work(database);
  } finally {
    await database.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      name: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals.join(' ');
  if (values.help || !command) {
    say(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(command === 'start' && values.demo ? demoEnvironment(process.env) : process.env);
  switch (command) {
    case 'start':
      await start(config);
      return -1; // keeps running
    case 'migrate':
      await withDatabase(config, async () => {
        say('The database is up to date.');
      });
      return 0;
    case 'seed':
      if (!values.demo) throw new UsageError('seed needs --demo (the only seed there is).');
      await withDatabase(config, async (database) => {
        const { seedDemo, isEmpty } = await import('./demo/index.ts');
        const { MediaStorage } = await import('./content/index.ts');
        if (!(await isEmpty(database))) throw new UsageError('The database already has content; the demo loads only into an empty one.');
        await seedDemo(database, new MediaStorage(path.join(config.dataDir, 'media')));
        say('Loaded the demo edition.');
      });
      return 0;
    case 'token create': {
      const name = values.name?.trim();
      if (!name) throw new UsageError('token create needs --name NAME (what the token is for).');
      await withDatabase(config, async (database) => {
        const { createToken } = await import('./newsroom/index.ts');
        const token = await createToken(database.db, name);
        say(`Created Admin API token "${token.name}" (${token.id}). It is shown once; store it now.`);
        process.stdout.write(`${token.token}\n`);
      });
      return 0;
    }
    case 'user create': {
      if (!values.email || !values.role) throw new UsageError('user create needs --email EMAIL and --role ROLE.');
      await withDatabase(config, async (database) => {
        const { createUser } = await import('./accounts/index.ts');
        const user = await createUser(database.db, { email: values.email!, role: values.role! });
        say(`Created ${user.role} ${user.email}.`);
        process.stdout.write(`${user.id}\n`);
      });
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

class UsageError extends Error {}

/** Expected failures become one clear line and a non-zero exit, never a stack trace. */
export function explain(error: unknown): { message: string; code: number } {
  if (error instanceof ConfigError || error instanceof UsageError) return { message: error.message, code: 2 };
  if (error instanceof DatabaseInUseError || error instanceof MigrationError) return { message: error.message, code: 1 };
  if (error instanceof AppError) return { message: `${error.field ? `${error.field}: ` : ''}${error.message}`, code: 1 };
  if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { message: (error as Error).message, code: 2 };
  if ((error as { code?: string }).code === 'ECONNREFUSED')
    return { message: `Cannot reach the PostgreSQL server in DATABASE_URL: ${(error as Error).message}`, code: 1 };
  return { message: `Unexpected error: ${(error as Error).stack ?? String(error)}`, code: 1 };
}
