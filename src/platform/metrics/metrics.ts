import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Label values of one measurement: names are fixed when the metric is defined. */
export type Labels = Record<string, string | number>;

export interface CountMetric {
  inc(labels?: Labels, by?: number): void;
}

export interface TimeMetric {
  /** Records one duration in seconds. */
  observe(labels: Labels, seconds: number): void;
}

/** Sets a gauge's values at scrape time; each call names one series. */
export type GaugeSetter = (labels: Labels, value: number) => void;

interface MetricSpec {
  /** Prometheus name, `masthead_` first, unit last (`_seconds`, `_total`). */
  name: string;
  help: string;
  labels?: string[];
}

/**
 * The process's metrics, in Prometheus's text format: a thin facade over prom-client so the
 * code that counts says what it counts and nothing about the library. Each app has its own
 * registry (tests build many apps in one process; each counts from zero). Defining a metric
 * twice under one name returns the first, so two places may count the same thing.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly defined = new Map<string, unknown>();

  /** `process`: CPU, memory, event loop lag, handles, GC (prom-client's defaults); one set per process. */
  constructor(options: { process?: boolean } = {}) {
    if (options.process) collectDefaultMetrics({ register: this.registry });
  }

  counter(spec: MetricSpec): CountMetric {
    const counter = this.once(spec.name, () => new Counter({ name: spec.name, help: spec.help, labelNames: spec.labels ?? [], registers: [this.registry] }));
    return { inc: (labels = {}, by = 1) => counter.inc(labels, by) };
  }

  /** A duration histogram; `buckets` in seconds. */
  histogram(spec: MetricSpec & { buckets: number[] }): TimeMetric {
    const histogram = this.once(
      spec.name,
      () => new Histogram({ name: spec.name, help: spec.help, labelNames: spec.labels ?? [], buckets: spec.buckets, registers: [this.registry] }),
    );
    return { observe: (labels, seconds) => histogram.observe(labels, seconds) };
  }

  /**
   * A value read when scraped (a queue's depth, open connections): `read` sets every series
   * afresh; a series it no longer sets disappears (a job name whose queue emptied).
   * `acrossWorkers`: how the primary combines the workers' values (see cluster.ts).
   */
  gauge(spec: MetricSpec & { acrossWorkers?: 'sum' | 'max' }, read: (set: GaugeSetter) => void | Promise<void>): void {
    this.once(spec.name, () => {
      const gauge: Gauge = new Gauge({
        name: spec.name,
        // With WORKERS > 1 the primary sums each worker's value (connections, streams); a value every worker reads from the shared database is the same in each, so the largest is taken.
        aggregator: spec.acrossWorkers ?? 'sum',
        help: spec.help,
        labelNames: spec.labels ?? [],
        registers: [this.registry],
        async collect() {
          gauge.reset();
          await read((labels, value) => gauge.set(labels, value));
        },
      });
      return gauge;
    });
  }

  /** The exposition text and its content type, for an HTTP answer. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private once<T>(name: string, make: () => T): T {
    if (!this.defined.has(name)) this.defined.set(name, make());
    return this.defined.get(name) as T;
  }
}

/** Seconds, for request and job durations: 5 ms to 30 s. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
