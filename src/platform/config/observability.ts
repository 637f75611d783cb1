import { ConfigError, integer, url, type Env } from './parse.ts';

/** Metrics, traces and their access: who may read what the process says about itself. */
export interface ObservabilityConfig {
  /** A port of its own for Prometheus to scrape `/metrics` on (aggregated over WORKERS); absent: none. */
  metricsPort: number | undefined;
  /** The address that port listens on: loopback unless the operator opens it. */
  metricsHost: string;
  /** A bearer token that opens `/metrics` on the site's own port; absent: no `/metrics` there. */
  metricsToken: string | undefined;
  /**
   * Where traces are sent over OTLP/HTTP (JSON): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or
   * OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces`, as OpenTelemetry specifies. Absent: no traces,
   * and no OpenTelemetry code loaded. The exporter reads the other OTEL_* settings (headers, timeout) itself.
   */
  tracesUrl: string | undefined;
}

export function observability(env: Env): ObservabilityConfig {
  const metricsPort = env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 1, 65535) : undefined;
  const metricsHost = env.METRICS_HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(metricsHost)) throw new ConfigError('METRICS_HOST', `must be a host name or IP address, got "${metricsHost}"`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  // The token is compared, never shown: the message says what is wrong with it, not what it is.
  if (metricsToken !== undefined && !/^[\x21-\x7e]{24,256}$/.test(metricsToken))
    throw new ConfigError('METRICS_TOKEN', 'must be 24 to 256 printable characters without spaces (the value is not shown)');
  // Metrics name routes, job kinds and failure counts: opened beyond this machine they need the token.
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(metricsHost);
  if (metricsPort !== undefined && !loopback && !metricsToken)
    throw new ConfigError('METRICS_HOST', 'opens the metrics port beyond this machine: set METRICS_TOKEN too, so only your scraper reads it');
  return { metricsPort, metricsHost, metricsToken, tracesUrl: tracesUrl(env) };
}

function tracesUrl(env: Env): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    return url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, ['http:', 'https:']).href;
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const base = url('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT, ['http:', 'https:']);
  return `${base.href.replace(/\/$/, '')}/v1/traces`;
}
