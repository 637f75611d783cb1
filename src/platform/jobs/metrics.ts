import type { Database } from '../db/database.ts';
import { DURATION_BUCKETS, type Metrics } from '../metrics/metrics.ts';
import type { JobRun } from './queue.ts';
import { queueStats, type QueueStats } from './stats.ts';

/**
 * The job queue's metrics: its depth and the oldest due job per name, read from the database
 * when scraped (the queue is shared by every process, so any process tells the whole truth),
 * and this process's runs, failures and their durations, counted around each run.
 */
export function jobMetrics(metrics: Metrics, database: Database): JobRun {
  // Both gauges are collected together on a scrape: one query serves them.
  let reading: Promise<QueueStats[]> | undefined;
  const read = () => (reading ??= queueStats(database.db).finally(() => (reading = undefined)));
  metrics.gauge(
    {
      name: 'masthead_jobs',
      help: 'Unfinished jobs in the queue, by name and state (due, scheduled, running).',
      labels: ['name', 'state'],
      acrossWorkers: 'max',
    },
    async (set) => {
      for (const stats of await read()) {
        set({ name: stats.name, state: 'due' }, stats.due);
        set({ name: stats.name, state: 'scheduled' }, stats.scheduled);
        set({ name: stats.name, state: 'running' }, stats.running);
      }
    },
  );
  metrics.gauge(
    {
      name: 'masthead_jobs_oldest_due_seconds',
      help: 'How long the oldest due job of each name has waited past its time.',
      labels: ['name'],
      acrossWorkers: 'max',
    },
    async (set) => {
      for (const stats of await read()) set({ name: stats.name }, stats.oldestDueSeconds);
    },
  );
  const runs = metrics.counter({
    name: 'masthead_job_runs_total',
    help: 'Job runs in this process, by name and outcome (done, failed).',
    labels: ['name', 'outcome'],
  });
  const durations = metrics.histogram({
    name: 'masthead_job_duration_seconds',
    help: 'How long job handlers ran, by name.',
    labels: ['name'],
    buckets: DURATION_BUCKETS,
  });
  return async (job, run) => {
    const started = performance.now();
    let outcome = 'failed';
    try {
      await run();
      outcome = 'done';
    } finally {
      runs.inc({ name: job.name, outcome });
      durations.observe({ name: job.name }, (performance.now() - started) / 1000);
    }
  };
}
