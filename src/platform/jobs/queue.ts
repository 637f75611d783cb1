import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { rows, type Database, type Executor } from '../db/database.ts';
import { claimNext, handBack, recordEnding, releaseExpiredLeases, renewLeases, type ClaimedJob } from './store.ts';

/**
 * A durable job queue in the database, the same on PGlite and PostgreSQL. A job enqueued in a
 * transaction exists exactly when that transaction commits, so work is never promised and lost
 * (or done for data that was rolled back). Several processes can work one queue: jobs are
 * claimed with `FOR UPDATE SKIP LOCKED`, and a job whose worker died is claimed again once its
 * lease runs out. Handlers must therefore be idempotent. See docs/adr/0003-job-queue.md.
 */

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one unfinished job per key; enqueueing again is a no-op. */
  singletonKey?: string;
  maxAttempts?: number;
}

export interface JobContext {
  id: string;
  attempt: number;
  log: Logger;
}

/**
 * A job's handler. Its payload is whatever it enqueued (JSON): `never` lets each handler name
 * the payload it expects while the queue, which only stores it, names none.
 */
export type JobHandler = (payload: never, context: JobContext) => Promise<void>;

/** Wraps each run of a handler (metrics, a trace span): calls `run` once and passes on what it throws. */
export type JobRun = (job: { name: string; id: string; attempt: number }, run: () => Promise<void>) => Promise<void>;

/**
 * Jobs of a lane run beside the others with their own number of slots, so slow work of one
 * kind (encoding images, sending a big alert) never keeps the rest waiting (a breaking-news
 * alert behind an image, a sign-in e-mail behind an alert). Jobs not in a named lane share the
 * default one.
 */
export interface Lane {
  name: string;
  concurrency: number;
}

const CHANNEL = 'masthead_jobs';
const DEFAULT_LANE = 'default';
/**
 * How long a claimed job is its worker's. The worker renews it every third of that while the job
 * runs, so a long job keeps it and a worker killed mid-job (kill -9, a lost machine) gives its job
 * up within a minute, to be run again elsewhere.
 */
const LEASE_SECONDS = 60;

/** Pure: seconds to wait before attempt `attempt + 1`: 5 s, 25 s, 2 min, 10 min, capped at 1 h. */
export const backoffSeconds = (attempt: number) => Math.min(3600, 5 ** Math.max(1, attempt));

export async function enqueue(executor: Executor, name: string, payload: unknown, options: EnqueueOptions = {}): Promise<string | null> {
  const id = crypto.randomUUID();
  const inserted = await rows<{ id: string }>(
    executor,
    sql`insert into jobs (id, name, payload, run_at, singleton_key, max_attempts)
        values (${id}, ${name}, ${JSON.stringify(payload)}::jsonb, ${(options.runAt ?? new Date()).toISOString()}::timestamptz,
                ${options.singletonKey ?? null}, ${options.maxAttempts ?? 5})
        on conflict (singleton_key) where state in ('queued', 'running') do nothing
        returning id`,
  );
  await executor.execute(sql`select pg_notify(${CHANNEL}, ${name})`);
  return inserted[0]?.id ?? null;
}

/** Whether the unfinished job with this key is waiting or running; null when there is none. */
export async function unfinishedState(executor: Executor, singletonKey: string): Promise<'queued' | 'running' | null> {
  const found = await rows<{ state: 'queued' | 'running' }>(
    executor,
    sql`select state from jobs where singleton_key = ${singletonKey} and state in ('queued', 'running')`,
  );
  return found[0]?.state ?? null;
}

/** Cancels unfinished jobs with this key (e.g. a scheduled publication that was unscheduled). */
export async function cancelJob(executor: Executor, singletonKey: string): Promise<number> {
  const cancelled = await rows(executor, sql`delete from jobs where singleton_key = ${singletonKey} and state = 'queued' returning id`);
  return cancelled.length;
}

export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  /** Jobs whose payload is dropped once they end (e-mails carrying sign-in links). */
  private readonly forgetful = new Set<string>();
  private readonly workerId = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  /** Named lanes, with the job names in each; everything else is in the default lane. */
  private readonly lanes = new Map<string, { concurrency: number; names: Set<string> }>();
  /** Jobs in hand, by id, with their lane. */
  private running = new Map<string, { lane: string; task: Promise<void> }>();
  private draining = false;
  private stopped = true;
  private leaseTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    /** The app's clock (injected in tests): a job is due once its time has come by it or by the database's. */
    private readonly options: { concurrency?: number; pollMs?: number; now?: () => Date; leaseSeconds?: number; around?: JobRun } = {},
  ) {}

  private get leaseSeconds(): number {
    return this.options.leaseSeconds ?? LEASE_SECONDS;
  }

  register(name: string, handler: JobHandler, options: { forgetPayload?: boolean; lane?: Lane } = {}): void {
    this.handlers.set(name, handler);
    if (options.forgetPayload) this.forgetful.add(name);
    if (options.lane) {
      const lane = this.lanes.get(options.lane.name) ?? { concurrency: options.lane.concurrency, names: new Set<string>() };
      lane.names.add(name);
      this.lanes.set(options.lane.name, lane);
    }
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.stopping = undefined;
    // A wake-up missed while the listener was away: look at once rather than at the next poll.
    this.unlisten = await this.database.listen(
      CHANNEL,
      () => void this.drain(),
      () => void this.drain(),
    );
    const tick = () => {
      void this.drain().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
      });
    };
    tick();
  }

  /**
   * Stops taking jobs and gives the ones in hand `graceMs` to finish. Those still running then
   * (a long image encode) are handed back to the queue, to be run again by the next worker
   * at once instead of after their lease: handlers are idempotent, so that is safe.
   */
  async stop(graceMs = 5_000): Promise<void> {
    // Once: a drain stops taking jobs first, and closing the app asks again.
    this.stopping ??= this.stopNow(graceMs);
    return this.stopping;
  }

  private async stopNow(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.unlisten?.();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled([...this.running.values()].map((r) => r.task)), grace]);
    clearTimeout(timer);
    const unfinished = [...this.running.keys()];
    if (unfinished.length) {
      this.log.warn({ jobs: unfinished }, 'handing unfinished jobs back to the queue');
      await handBack(this.database.db, this.workerId, unfinished);
    }
    this.stopLeaseRenewal();
  }

  /** Runs every job that is due now; returns how many ran. Used by the poller and by tests. */
  async runDue(): Promise<number> {
    let count = 0;
    await releaseExpiredLeases(this.database.db);
    for (;;) {
      const job = await this.claim([...this.handlers.keys()]);
      if (!job) return count;
      await this.track(job, DEFAULT_LANE);
      count++;
    }
  }

  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      await releaseExpiredLeases(this.database.db);
      const lanes: [string, number][] = [
        [DEFAULT_LANE, this.options.concurrency ?? 2],
        ...[...this.lanes].map(([name, lane]): [string, number] => [name, lane.concurrency]),
      ];
      for (const [lane, limit] of lanes) {
        while (!this.stopped && this.inLane(lane) < limit) {
          const job = await this.claim(this.namesIn(lane));
          if (!job) break;
          void this.track(job, lane).finally(() => void this.drain());
        }
      }
    } catch (error) {
      if (!this.stopped) this.log.error({ err: error }, 'job queue poll failed');
    } finally {
      this.draining = false;
    }
  }

  private inLane(lane: string): number {
    let count = 0;
    for (const job of this.running.values()) if (job.lane === lane) count++;
    return count;
  }

  /** The job names of a lane this worker can run: those registered in it, or for the default lane those in no other. */
  private namesIn(lane: string): string[] {
    if (lane !== DEFAULT_LANE) return [...(this.lanes.get(lane)?.names ?? [])];
    const elsewhere = new Set([...this.lanes.values()].flatMap((l) => [...l.names]));
    return [...this.handlers.keys()].filter((name) => !elsewhere.has(name));
  }

  private claim(names: string[]): Promise<ClaimedJob | null> {
    return claimNext(this.database.db, this.workerId, names, this.leaseSeconds, this.options.now?.() ?? new Date());
  }

  /** Runs `job`, holding its lease while it runs. */
  private track(job: ClaimedJob, lane: string): Promise<void> {
    const task = this.execute(job).finally(() => {
      this.running.delete(job.id);
      if (!this.running.size) this.stopLeaseRenewal();
    });
    this.running.set(job.id, { lane, task });
    this.renewLeasesWhileRunning();
    return task;
  }

  /** While jobs run, their leases are renewed every third of a lease; a failed renewal is retried at the next. */
  private renewLeasesWhileRunning(): void {
    if (this.leaseTimer) return;
    this.leaseTimer = setInterval(
      () =>
        void renewLeases(this.database.db, this.workerId, [...this.running.keys()], this.leaseSeconds).catch((error: unknown) =>
          this.log.warn({ err: error }, 'could not renew the leases of running jobs'),
        ),
      (this.leaseSeconds * 1000) / 3,
    );
    this.leaseTimer.unref();
  }

  private stopLeaseRenewal(): void {
    clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const log = this.log.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    const handler = this.handlers.get(job.name);
    const forget = this.forgetful.has(job.name);
    try {
      if (!handler) throw new Error(`No handler is registered for job "${job.name}"`);
      const run = () => handler(job.payload as never, { id: job.id, attempt: job.attempts, log });
      await (this.options.around ? this.options.around({ name: job.name, id: job.id, attempt: job.attempts }, run) : run());
      await recordEnding(this.database.db, this.workerId, job, { state: 'done' }, forget);
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const finalAttempt = job.attempts >= job.max_attempts;
      log[finalAttempt ? 'error' : 'warn']({ err: error }, finalAttempt ? 'job failed for good' : 'job failed; will retry');
      await recordEnding(
        this.database.db,
        this.workerId,
        job,
        finalAttempt ? { state: 'failed', error: message } : { state: 'retry', error: message, afterSeconds: backoffSeconds(job.attempts) },
        forget,
      );
    }
  }
}
