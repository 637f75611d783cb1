import type { Database, Executor } from '../platform/db/database.ts';
import { enqueue } from '../platform/jobs/queue.ts';
import type { Outcome, PushClient } from './delivery/push-client.ts';
import { payloadOf } from './payload.ts';
import * as repo from './repository.ts';

export const ALERT_FANOUT_JOB = 'alerts.fanout';
export const ALERT_BATCH_JOB = 'alerts.batch';

/** Deliveries per batch job: several workers share a big alert. */
export const BATCH = 1_000;
/** Messages in flight at once within a batch. */
const IN_FLIGHT = 200;
/** Outcomes recorded together, once this many in a row are settled. */
const FLUSH = 500;
const MAX_ATTEMPTS = 5;

export interface FanoutDeps {
  database: Database;
  client: () => Promise<PushClient>;
  now: () => Date;
  /** Alerts per subscription per day, breaking news apart. */
  dailyCap: number;
  /** The site's icon, shown with every notification. */
  icon: string;
  /**
   * Asked of an alert that waited (scheduled) when its time comes: false cancels it. A live
   * blog's key event deleted or unmarked during the gap between alerts must not go.
   */
  stillWanted?: (executor: Executor, alert: repo.AlertRow) => Promise<boolean>;
}

/**
 * Starts sending an alert: writes its deliveries and queues their batches, in one transaction,
 * so a crash either leaves the alert to start again or leaves every batch queued. Idempotent.
 */
export async function fanOut(deps: FanoutDeps, alertId: string): Promise<void> {
  const now = deps.now();
  const found = await repo.findAlert(deps.database.db, alertId);
  if (!found || (found.status !== 'scheduled' && found.status !== 'sending')) return;
  await deps.database.transaction(async (tx) => {
    if (found.articleId) await repo.lockArticleAlerts(tx, found.articleId);
    // Read again under the lock: a cancel (the newsroom's, a withdrawn key event's) may have come first.
    const alert = await repo.findAlert(tx, alertId);
    if (!alert || (alert.status !== 'scheduled' && alert.status !== 'sending')) return;
    if (alert.status === 'scheduled' && deps.stillWanted && !(await deps.stillWanted(tx, alert))) {
      await repo.setAlertStatus(tx, alert.id, 'cancelled', now, ['scheduled']);
      return;
    }
    await repo.setAlertStatus(tx, alert.id, 'sending', now, ['scheduled', 'sending']);
    const last = await repo.planDeliveries(tx, alert, { dailyCap: deps.dailyCap, at: now });
    for (let from = 1; from <= last; from += BATCH) {
      await enqueue(tx, ALERT_BATCH_JOB, { alertId: alert.id, from, to: from + BATCH - 1 }, { singletonKey: `${ALERT_BATCH_JOB}:${alert.id}:${from}` });
    }
    if ((await repo.pendingCount(tx, alert.id)) === 0) await repo.setAlertStatus(tx, alert.id, 'sent', now, ['sending']);
  });
}

/**
 * Sends one batch of an alert's deliveries: only those still pending, so a batch run again
 * after a crash sends only what was not recorded. Outcomes are written in order of the
 * deliveries' numbers, every FLUSH settled in a row, so the sent ones are marked by one range
 * (see `markSentRange`); after a crash at most the unwritten ones go twice (those after the
 * first still in flight, a batch at most), and their notification tag makes the browser show
 * them once. Gone subscriptions are deleted; 429, 5xx and timeouts are retried by a later job
 * after the wait the push service asked for; after five attempts a delivery counts as failed.
 */
export async function deliverBatch(deps: FanoutDeps, job: { alertId: string; from: number; to: number }): Promise<void> {
  const db = deps.database.db;
  const alert = await repo.findAlert(db, job.alertId);
  if (!alert || alert.status !== 'sending') return;
  const client = await deps.client();
  const payload = Buffer.from(JSON.stringify(payloadOf(alert, deps.icon)));
  const options = { ttl: alert.ttlSeconds, urgency: alert.urgency as 'normal', topic: alert.topic ?? undefined };
  const pending = await repo.pendingInRange(db, alert.id, job.from, job.to);
  let retryAfter = 0;
  let retryAttempt = 0;
  // What to record for each delivery, by its place in `pending`; written while sending goes on.
  const outcomes: string[] = [];
  let settled = 0;
  let recorded = 0;
  let writing = Promise.resolve();
  const flush = () => {
    const [from, to] = [recorded, settled];
    recorded = settled;
    const at = deps.now();
    if (to > from) writing = writing.then(() => record(deps, alert.id, pending.slice(from, to), outcomes.slice(from, to), at));
    return writing;
  };
  const settle = (index: number, d: repo.PendingDelivery, outcome: Outcome) => {
    if (outcome.kind === 'retry' && d.attempts + 1 < MAX_ATTEMPTS) {
      retryAfter = Math.max(retryAfter, outcome.afterSeconds);
      retryAttempt = Math.max(retryAttempt, d.attempts + 1);
      outcomes[index] = `retry\u0000${outcome.reason}`;
    } else if (outcome.kind === 'retry') outcomes[index] = `failed\u0000${outcome.reason} (after ${MAX_ATTEMPTS} attempts)`;
    else if (outcome.kind === 'failed') outcomes[index] = `failed\u0000${outcome.reason}`;
    else outcomes[index] = outcome.kind;
    while (settled < pending.length && outcomes[settled] !== undefined) settled++;
    if (settled - recorded >= FLUSH) void flush();
  };
  // IN_FLIGHT messages at a time, each next one started as one ends: no step waits for its slowest.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, pending.length) }, async () => {
      while (next < pending.length) {
        const index = next++;
        const d = pending[index]!;
        settle(index, d, await client.send(d, payload, options));
      }
    }),
  );
  await flush();
  if (retryAfter) {
    const runAt = new Date(deps.now().getTime() + retryAfter * 1000);
    await enqueue(db, ALERT_BATCH_JOB, job, { runAt, singletonKey: `${ALERT_BATCH_JOB}:${alert.id}:${job.from}:retry${retryAttempt}` });
  } else if ((await repo.pendingCount(db, alert.id)) === 0) {
    await repo.setAlertStatus(db, alert.id, 'sent', deps.now(), ['sending']);
  }
}

/**
 * Writes the outcomes of consecutive deliveries: the sent ones as one range, the others (gone:
 * the subscription deleted too; failed; pending again for a retry) grouped by what to record.
 */
async function record(deps: FanoutDeps, alertId: string, deliveries: repo.PendingDelivery[], outcomes: string[], at: Date): Promise<void> {
  const others = new Map<string, string[]>();
  const notSent: number[] = [];
  deliveries.forEach((d, i) => {
    const key = outcomes[i]!;
    if (key === 'sent') return;
    notSent.push(d.seq);
    const ids = others.get(key) ?? [];
    if (!ids.length) others.set(key, ids);
    ids.push(d.subscriptionId);
  });
  await deps.database.transaction(async (tx) => {
    if (notSent.length < deliveries.length) await repo.markSentRange(tx, alertId, deliveries[0]!.seq, deliveries.at(-1)!.seq, notSent, at);
    for (const [key, ids] of others) {
      const [kind, reason] = key.split('\u0000') as [string, string | undefined];
      if (kind === 'gone') {
        await repo.markDeliveries(tx, alertId, ids, { status: 'expired', at, attempted: true });
        await repo.deleteSubscriptions(tx, ids);
      } else await repo.markDeliveries(tx, alertId, ids, { status: kind === 'retry' ? 'pending' : 'failed', error: reason ?? null, at, attempted: true });
    }
  });
}
