import type { Database, Executor } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { setRecurringStatus } from '../contributions/repository.ts';
import { findRecurringById, runningRecurringOf } from './repository.ts';

export const CANCEL_RECURRING_JOB = 'revenue.cancel-recurring';

/** Stops a subscription at the payment provider; the Stripe connection when there is one. */
export interface SubscriptionCanceller {
  cancelSubscription(subscriptionRef: string, idempotencyKey: string): Promise<void>;
}

/**
 * In the erasure's transaction: one job per recurring contribution still taking money, so the
 * provider is asked only once the erasure has committed, and asked again (with backoff) until
 * it answers. A recurring contribution must not go on charging a reader who has left.
 */
export async function scheduleCancellations(tx: Executor, userId: string): Promise<void> {
  for (const { id } of await runningRecurringOf(tx, userId)) {
    // Retries back off to one an hour: sixty attempts outlast an outage of two days.
    await enqueue(tx, CANCEL_RECURRING_JOB, { recurringId: id }, { singletonKey: `${CANCEL_RECURRING_JOB}:${id}`, maxAttempts: 60 });
  }
}

/**
 * The job: safe to run any number of times. One already stopped (by the provider's own event,
 * or an earlier run) is left alone; Stripe sees the same idempotency key on every attempt.
 */
export async function cancelRecurring(deps: { database: Database; now: () => Date; stripe: SubscriptionCanceller | null }, recurringId: string): Promise<void> {
  const recurring = await findRecurringById(deps.database.db, recurringId);
  if (!recurring || recurring.status === 'cancelled') return;
  if (recurring.provider === 'stripe') {
    if (!deps.stripe) throw new Error('A Stripe subscription cannot be stopped while Stripe is not configured');
    await deps.stripe.cancelSubscription(recurring.providerRef, `cancel-recurring-${recurring.id}`);
  }
  await setRecurringStatus(deps.database.db, recurring.id, 'cancelled', deps.now());
}
