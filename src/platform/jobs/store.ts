import { sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../db/database.ts';

/** The job queue's statements: claiming, leases and endings. The worker (queue.ts) decides when. */

export interface ClaimedJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

const list = (names: Iterable<string>) =>
  sql.join(
    [...names].map((name) => sql`${name}`),
    sql`, `,
  );

/**
 * Takes the next due job among `names` for `worker`, leased for `leaseSeconds`. Only names the
 * worker has a handler for: during a rolling upgrade, a job of a kind only the new release knows
 * waits for a machine of that release instead of failing its attempts on an old one.
 */
export async function claimNext(executor: Executor, worker: string, names: string[], leaseSeconds: number, now: Date): Promise<ClaimedJob | null> {
  if (!names.length) return null;
  const claimed = await rows<ClaimedJob>(
    executor,
    sql`update jobs set state = 'running', attempts = attempts + 1, locked_by = ${worker},
               locked_until = now() + make_interval(secs => ${leaseSeconds})
        where id = (select id from jobs where state = 'queued' and run_at <= greatest(now(), ${now.toISOString()}::timestamptz)
                      and name in (${list(names)})
                    order by run_at, created_at limit 1 for update skip locked)
        returning id, name, payload, attempts, max_attempts`,
  );
  return claimed[0] ?? null;
}

/** Puts back in the queue the jobs whose worker stopped renewing their lease (it died or hangs). */
export async function releaseExpiredLeases(executor: Executor): Promise<void> {
  await executor.execute(
    sql`update jobs set state = 'queued', locked_by = null, locked_until = null
        where state = 'running' and locked_until < now()`,
  );
}

/** Extends the leases `worker` still holds on `ids`: a job running longer than a lease is not taken from a live worker. */
export async function renewLeases(executor: Executor, worker: string, ids: string[], leaseSeconds: number): Promise<void> {
  if (!ids.length) return;
  await executor.execute(
    sql`update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds})
        where state = 'running' and locked_by = ${worker} and id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
}

/** Hands jobs `worker` could not finish (it is stopping) back to the queue, their attempt not counted. */
export async function handBack(executor: Executor, worker: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await executor.execute(
    sql`update jobs set state = 'queued', attempts = greatest(attempts - 1, 0), locked_by = null, locked_until = null
        where locked_by = ${worker} and state = 'running'
          and id in (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
  );
}

/**
 * Records how a job ended, while `worker` still holds it, or when its lease ran out (renewals
 * failed: a database blip, a stalled process) but nobody has claimed it since (still queued, at
 * the attempt it ran as): the work is done, and running it again would send a message twice. A
 * job another worker has taken over is left to that worker.
 */
export async function recordEnding(
  executor: Executor,
  worker: string,
  job: Pick<ClaimedJob, 'id' | 'attempts'>,
  ending: { state: 'done' } | { state: 'failed'; error: string } | { state: 'retry'; error: string; afterSeconds: number },
  forgetPayload: boolean,
): Promise<void> {
  const payload: SQL = forgetPayload ? sql`'{}'::jsonb` : sql`payload`;
  const mine = sql`id = ${job.id} and ((locked_by = ${worker} and state = 'running') or (state = 'queued' and locked_by is null and attempts = ${job.attempts}))`;
  await executor.execute(
    ending.state === 'done'
      ? sql`update jobs set state = 'done', finished_at = now(), locked_by = null, locked_until = null, last_error = null, payload = ${payload} where ${mine}`
      : ending.state === 'failed'
        ? sql`update jobs set state = 'failed', finished_at = now(), locked_by = null, locked_until = null, last_error = ${ending.error},
                payload = ${payload} where ${mine}`
        : sql`update jobs set state = 'queued', locked_by = null, locked_until = null, last_error = ${ending.error},
                run_at = now() + make_interval(secs => ${ending.afterSeconds}) where ${mine}`,
  );
}
