import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { rows, type Database, type Executor } from '../db/database.ts';

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

interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

const CHANNEL = 'masthead_jobs';
const DEFAULT_LANE = 'default';
const LEASE_SECONDS = 300;

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

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    /** The app's clock (injected in tests): a job is due once its time has come by it or by the database's. */
    private readonly options: { concurrency?: number; pollMs?: number; now?: () => Date } = {},
  ) {}

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
      await this.database.db.execute(
        sql`update jobs set state = 'queued', attempts = greatest(attempts - 1, 0), locked_by = null, locked_until = null
            where locked_by = ${this.workerId} and state = 'running'
              and id in (${sql.join(
                unfinished.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`,
      );
    }
  }

  /** Runs every job that is due now; returns how many ran. Used by the poller and by tests. */
  async runDue(): Promise<number> {
    let count = 0;
    await this.releaseExpiredLeases();
    for (;;) {
      const job = await this.claim();
      if (!job) return count;
      await this.execute(job);
      count++;
    }
  }

  private async drain(): Promise<void> {
    if (this.draining || this.stopped) return;
    this.draining = true;
    try {
      await this.releaseExpiredLeases();
      const lanes: [string, number][] = [
        [DEFAULT_LANE, this.options.concurrency ?? 2],
        ...[...this.lanes].map(([name, lane]): [string, number] => [name, lane.concurrency]),
      ];
      for (const [lane, limit] of lanes) {
        while (!this.stopped && this.inLane(lane) < limit) {
          const job = await this.claim(lane);
          if (!job) break;
          const task = this.execute(job).finally(() => {
            this.running.delete(job.id);
            void this.drain();
          });
          this.running.set(job.id, { lane, task });
        }
      }
    } catch (error) {
      if (!this.stopped) this.log.error({ err: error }, 'job queue poll failed');
    } finally {
      this.draining = false;
    }
  }

  private async releaseExpiredLeases(): Promise<void> {
    await this.database.db.execute(
      sql`update jobs set state = 'queued', locked_by = null, locked_until = null
          where state = 'running' and locked_until < now()`,
    );
  }

  private inLane(lane: string): number {
    let count = 0;
    for (const job of this.running.values()) if (job.lane === lane) count++;
    return count;
  }

  /** The next due job, of one lane or (without one) of any. */
  private async claim(lane?: string): Promise<ClaimedJob | null> {
    const named = (names: Iterable<string>) =>
      sql.join(
        [...names].map((n) => sql`${n}`),
        sql`, `,
      );
    const others = [...this.lanes.values()].flatMap((l) => [...l.names]);
    const inLane =
      lane === undefined
        ? sql``
        : lane !== DEFAULT_LANE
          ? sql`and name in (${named(this.lanes.get(lane)!.names)})`
          : others.length
            ? sql`and name not in (${named(others)})`
            : sql``;
    const claimed = await rows<ClaimedJob>(
      this.database.db,
      sql`update jobs set state = 'running', attempts = attempts + 1, locked_by = ${this.workerId},
                 locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
          where id = (select id from jobs where state = 'queued' and run_at <= greatest(now(), ${(this.options.now?.() ?? new Date()).toISOString()}::timestamptz) ${inLane}
                      order by run_at, created_at limit 1 for update skip locked)
          returning id, name, payload, attempts, max_attempts`,
    );
    return claimed[0] ?? null;
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const log = this.log.child({ job: job.name, jobId: job.id, attempt: job.attempts });
    const handler = this.handlers.get(job.name);
    const payloadWhenEnded = this.forgetful.has(job.name) ? sql`'{}'::jsonb` : sql`payload`;
    try {
      if (!handler) throw new Error(`No handler is registered for job "${job.name}"`);
      await handler(job.payload as never, { id: job.id, attempt: job.attempts, log });
      await this.database.db.execute(
        sql`update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null,
              payload = ${payloadWhenEnded} where id = ${job.id}`,
      );
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const finalAttempt = job.attempts >= job.max_attempts;
      log[finalAttempt ? 'error' : 'warn']({ err: error }, finalAttempt ? 'job failed for good' : 'job failed; will retry');
      await this.database.db.execute(
        finalAttempt
          ? sql`update jobs set state = 'failed', finished_at = now(), locked_by = null, locked_until = null, last_error = ${message},
                  payload = ${payloadWhenEnded} where id = ${job.id}`
          : sql`update jobs set state = 'queued', locked_by = null, locked_until = null, last_error = ${message},
                  run_at = now() + make_interval(secs => ${backoffSeconds(job.attempts)}) where id = ${job.id}`,
      );
    }
  }
}
