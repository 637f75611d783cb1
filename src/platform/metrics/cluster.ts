import cluster from 'node:cluster';
import { AggregatorRegistry, type PrometheusContentType } from 'prom-client';
import type { Metrics } from './metrics.ts';

const ASK = 'masthead:metrics?';
const ANSWER = 'masthead:metrics';
const WAIT_MS = 5_000;

interface Answer {
  type: typeof ANSWER;
  id: number;
  body?: string;
  error?: string;
}

/**
 * The primary's view of every worker's metrics: counters, histograms and most gauges are summed
 * over the workers; a gauge that reads the shared database (the job queue) says how it combines.
 */
export type ClusterRegistry = AggregatorRegistry<PrometheusContentType>;

export const clusterRegistry = (): ClusterRegistry => new AggregatorRegistry();

/**
 * In the primary: answers a worker asking for everyone's metrics (a `/metrics` request with
 * the token reaches one worker, which must still answer for all).
 */
export function answerWorkers(aggregator: ClusterRegistry): void {
  cluster.on('message', (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== ASK || typeof message.id !== 'number') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: ANSWER, id, body } satisfies Answer),
      (error: unknown) => worker.send({ type: ANSWER, id, error: (error as Error).message } satisfies Answer),
    );
  });
}

/** In a worker: its metrics are what prom-client's cluster messages collect from it. */
export function offerToPrimary(metrics: Metrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // prom-client answers the primary's requests only once an AggregatorRegistry was made in the process.
  clusterRegistry();
}

let asked = 0;

/** In a worker: every worker's metrics, summed by the primary. */
export function askPrimary(): Promise<string> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const listener = (message: Answer) => {
      if (message?.type !== ANSWER || message.id !== id) return;
      done();
      if (message.body !== undefined) resolve(message.body);
      else reject(new Error(`the primary could not collect the workers' metrics: ${message.error}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('the primary did not send the workers’ metrics in time'));
    }, WAIT_MS);
    const done = () => {
      clearTimeout(timer);
      process.off('message', listener);
    };
    process.on('message', listener);
    process.send!({ type: ASK, id });
  });
}
