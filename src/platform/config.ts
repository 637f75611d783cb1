import path from 'node:path';
import { gripUrlProblem } from './live/grip-urls.ts';
import { backupConfig, type BackupConfig } from './config/backup.ts';
import { headerName, pushServices, trustProxy } from './config/network.ts';
import { ConfigError, flag, integer, url, webAddress, type Env } from './config/parse.ts';
import { paymentsSandbox, stripe, type StripeConfig } from './config/payments.ts';
import { observability, type ObservabilityConfig } from './config/observability.ts';
import { cdn, type CdnConfig } from './config/cdn.ts';
import { mediaConfig, type MediaConfig } from './config/storage.ts';

export { ConfigError } from './config/parse.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Everything the process reads from its environment, validated once at start. */
export interface Config {
  host: string;
  port: number;
  /** Absolute base URL readers reach the site at; used for canonical and API URLs. */
  publicUrl: string;
  dataDir: string;
  /** postgres:// URL of a PostgreSQL server; absent means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load the demo edition into an empty database at start. */
  demo: boolean;
  maxUploadBytes: number;
  /** Largest JSON request body the APIs accept. */
  maxJsonBytes: number;
  /** Memory for cached reader pages; 0 switches the page cache off. */
  pageCacheBytes: number;
  siteName: string;
  /** Processes serving requests (node:cluster); more than one needs PostgreSQL. */
  workers: number;
  /** smtp:// or smtps:// URL of the mail server; absent means messages go to DATA_DIR/outbox. */
  smtpUrl: string | undefined;
  /** The From of every message the site sends. */
  mailFrom: string;
  /**
   * The proxies in front of the site (a CDN, nginx) whose X-Forwarded-For names the reader:
   * addresses or CIDR ranges. Absent: the connecting address is the reader's, which behind a
   * proxy would make every reader one network for the rate limits.
   */
  trustProxy: string[] | undefined;
  /**
   * Reader pages name what they show in a `Surrogate-Key` header, for a cache in front to purge
   * by (Fastly and Varnish read it and keep it from readers). Without one, nobody reads it and an
   * 80-card front would send every reader 4 KB of keys: on by default only with TRUST_PROXY.
   */
  surrogateKeys: boolean;
  /** The caches in front of the site that content changes are purged from (`CDN_PURGE_URL`); unset, they wait for their TTL. */
  cdn: CdnConfig | undefined;
  /**
   * How much of an IPv6 address names one network for every limit kept per network: a home or
   * phone gets a whole /64 and may use a new address in it for each request. IPv4 addresses
   * count one by one.
   */
  ipv6NetworkPrefix: number;
  /** An ES module whose default export replaces the local comment classifier. */
  commentClassifier: string | undefined;
  /** Push endpoints on 127.0.0.1 or ::1 are accepted (a test push service); never in production. */
  pushAllowLoopback: boolean;
  /**
   * Push services accepted besides the major browsers' (`host`, `*.domain`, either with
   * `:port`): a self-hosted one, or the tests' on loopback.
   */
  pushExtraServices: string[];
  /** New alert subscriptions one browser may make per day. */
  pushSubscribePerBrowser: number;
  /** New alert subscriptions one network may make per hour. */
  pushSubscribePerNetwork: number;
  /** Alert subscriptions the site keeps at most: what one alert may be sent to. */
  pushSubscriptionsMax: number;
  /** A PEM file of extra certificates trusted when calling push services (a private or test one). */
  pushCaFile: string | undefined;
  /** Alerts a subscriber receives per day at most; breaking news is not counted against it. */
  alertsDailyCap: number;
  /**
   * Live comment streams one network address may hold open in one process: enough for the
   * readers behind a busy office or carrier NAT, too few to tie up the server's sockets.
   */
  liveStreamsPerAddress: number;
  /**
   * Live comment streams one process holds open in all: past it, new ones are answered 503 with
   * Retry-After (the page still shows the comments), before the process runs out of sockets or memory.
   */
  liveStreamsPerProcess: number;
  /** The GRIP proxies (Pushpin, several separated by commas, or Fastly Fanout) holding readers' live streams; unset, the app serves every stream itself. */
  gripUrl: string | undefined;
  /**
   * The request header a CDN in front of the site sets to the reader's country (such as
   * `cf-ipcountry` or `cloudfront-viewer-country`), trusted for choosing support asks.
   */
  countryHeader: string | undefined;
  /** A MaxMind country database (GeoLite2 or GeoIP2 .mmdb) the operator supplies, for readers' countries without a CDN header. */
  geoipDb: string | undefined;
  /**
   * The built-in test payment provider (no card, no money), on only when the operator says so:
   * a site left without Stripe by mistake must not take pretend contributions from readers.
   * Never together with Stripe.
   */
  paymentsSandbox: boolean;
  /** Stripe: the secret API key and the webhook signing secret; both or neither. */
  stripe: StripeConfig | undefined;
  backup: BackupConfig;
  /**
   * Seconds a stopping process keeps serving after SIGTERM while its readiness check fails, so a
   * load balancer stops sending it readers before it closes (a rolling upgrade drops none).
   */
  shutdownDrainSeconds: number;
  /** Metrics (their own port, or `/metrics` behind a token) and OpenTelemetry traces. */
  observability: ObservabilityConfig;
  /** Where media files live (DATA_DIR/media or an S3 bucket) and where readers fetch variants from. */
  media: MediaConfig;
}

function siteName(env: Env): string {
  const name = env.SITE_NAME ?? 'The Masthead';
  if (!name.trim() || name.length > 80 || /[\u0000-\u001f<>]/.test(name))
    throw new ConfigError('SITE_NAME', 'must be a short name without markup or control characters');
  return name;
}

/**
 * Pure: the environment of `masthead start --demo` (`npm run demo`): the demo edition, with the
 * payment sandbox on so the whole contribution flow can be tried. The operator's own
 * PAYMENTS_SANDBOX, or Stripe keys, still decide.
 */
export function demoEnvironment(env: Env): Env {
  const stripe = Boolean(env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET);
  return { ...env, MASTHEAD_DEMO: '1', PAYMENTS_SANDBOX: env.PAYMENTS_SANDBOX || (stripe ? '0' : '1') };
}

/** Pure: reads a plain object so tests can pass any environment. */
export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const host = env.HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new ConfigError('HOST', `must be a host name or IP address, got "${host}"`);
  const port = integer(env, 'PORT', 3000, 0, 65535);

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) url('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);

  const workers = integer(env, 'WORKERS', 1, 1, 64);
  if (workers > 1 && !databaseUrl) throw new ConfigError('WORKERS', 'above 1 needs DATABASE_URL: the embedded database serves one process');

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const displayHost = host.includes(':') ? `[${host}]` : host;
  const publicUrlRaw = env.PUBLIC_URL || `http://${displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost}:${port}`;
  const publicUrl = webAddress('PUBLIC_URL', publicUrlRaw);
  if (publicUrl.search || publicUrl.hash) throw new ConfigError('PUBLIC_URL', 'must not have a query or fragment');

  const gripUrl = env.GRIP_URL || undefined;
  const gripProblem = gripUrl ? gripUrlProblem(gripUrl) : null;
  if (gripProblem) throw new ConfigError('GRIP_URL', gripProblem);

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl) url('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  const mailFrom = env.MAIL_FROM || `${siteName(env)} <no-reply@${publicUrl.hostname}>`;
  if (mailFrom.length > 200 || /[\r\n\u0000]/.test(mailFrom) || !/@[^\s@>]+>?$/.test(mailFrom)) {
    throw new ConfigError('MAIL_FROM', `must be an address like "The Masthead <news@example.org>", got "${mailFrom}"`);
  }

  const cdnConfig = cdn(env);
  const dataDir = path.resolve(cwd, env.DATA_DIR || './data');
  return {
    media: mediaConfig(env, dataDir),
    trustProxy: trustProxy(env.TRUST_PROXY),
    // A cache that is purged by key reads the keys: on whenever one is configured.
    surrogateKeys: flag(env, 'SURROGATE_KEYS', trustProxy(env.TRUST_PROXY) !== undefined || cdnConfig !== undefined),
    cdn: cdnConfig,
    ipv6NetworkPrefix: integer(env, 'IPV6_NETWORK_PREFIX', 64, 32, 128),
    commentClassifier: env.COMMENT_CLASSIFIER ? path.resolve(cwd, env.COMMENT_CLASSIFIER) : undefined,
    pushAllowLoopback: flag(env, 'PUSH_ALLOW_LOOPBACK', false),
    pushExtraServices: pushServices(env.PUSH_EXTRA_SERVICES),
    pushSubscribePerBrowser: integer(env, 'PUSH_SUBSCRIBE_PER_BROWSER', 5, 1, 1_000),
    pushSubscribePerNetwork: integer(env, 'PUSH_SUBSCRIBE_PER_NETWORK', 30, 1, 1_000_000),
    pushSubscriptionsMax: integer(env, 'PUSH_SUBSCRIPTIONS_MAX', 1_000_000, 1, 1_000_000_000),
    pushCaFile: env.PUSH_CA_FILE ? path.resolve(cwd, env.PUSH_CA_FILE) : undefined,
    alertsDailyCap: integer(env, 'ALERTS_DAILY_CAP', 5, 1, 100),
    liveStreamsPerAddress: integer(env, 'LIVE_STREAMS_PER_ADDRESS', 200, 1, 100_000),
    liveStreamsPerProcess: integer(env, 'LIVE_STREAMS_PER_PROCESS', 10_000, 1, 1_000_000),
    gripUrl,
    countryHeader: headerName(env, 'COUNTRY_HEADER'),
    stripe: stripe(env),
    backup: backupConfig(env, cwd),
    shutdownDrainSeconds: integer(env, 'SHUTDOWN_DRAIN_SECONDS', 5, 0, 120),
    paymentsSandbox: paymentsSandbox(env),
    observability: observability(env),
    geoipDb: env.GEOIP_DB ? path.resolve(cwd, env.GEOIP_DB) : undefined,
    host,
    port,
    publicUrl: publicUrl.href.replace(/\/$/, ''),
    dataDir,
    databaseUrl,
    logLevel,
    demo: flag(env, 'MASTHEAD_DEMO', true),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_MB', 20, 1, 200) * 1024 * 1024,
    maxJsonBytes: integer(env, 'MAX_JSON_KB', 2048, 16, 16384) * 1024,
    pageCacheBytes: integer(env, 'PAGE_CACHE_MB', 64, 0, 4096) * 1024 * 1024,
    siteName: siteName(env),
    workers,
    smtpUrl,
    mailFrom,
  };
}
