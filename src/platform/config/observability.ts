import { ConfigError, integer, url, type Env } from './parse.ts';

/** Metrics, traces and their access: who may read what the process says about itself. */
export interface ObservabilityConfig {
  /** A port of its own for Prometheus to scrape `/metrics` on (aggregated over WORKERS); absent: none. */
  metricsPort: number | undefined;
  /** The address that port listens on: loopback unless the operator opens it. */
  metricsHost: string;
  /** A bearer token that opens `/metrics` on the site's own port; absent: no `/metrics` there. */
  metricsToken: string | undefined;
  /** Traces are exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant) is set; the exporter reads the OTEL_* settings itself. */
  tracing: boolean;
}

export function observability(env: Env): ObservabilityConfig {
  const metricsPort = env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 1, 65535) : undefined;
  const metricsHost = env.METRICS_HOST || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(metricsHost)) throw new ConfigError('METRICS_HOST', `must be a host name or IP address, got "${metricsHost}"`);
  const metricsToken = env.METRICS_TOKEN || undefined;
  // The token is compared, never shown: the message says what is wrong with it, not what it is.
  if (metricsToken !== undefined && !/^[\x21-\x7e]{24,256}$/.test(metricsToken))
    throw new ConfigError('METRICS_TOKEN', 'must be 24 to 256 printable characters without spaces (the value is not shown)');
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (endpoint)
    url(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT', endpoint, ['http:', 'https:']);
  return { metricsPort, metricsHost, metricsToken, tracing: endpoint !== undefined };
}
