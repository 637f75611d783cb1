import type { Executor } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { stopRecurring, type RecurringControls } from '../contributions/manage.ts';
import { findRecurringById } from '../contributions/repository.ts';
import type { ContributionDeps } from '../contributions/service.ts';
import { forgetCustomer, recurringToErase } from './repository.ts';

/** The job's name is older than its second step (deleting the customer); queued jobs keep it. */
export const CANCEL_RECURRING_JOB = 'revenue.cancel-recurring';

/** What the erasure asks of the payment provider: the Stripe connection when there is one. */
export interface ErasureProvider {
  recurring: RecurringControls;
  /** Deletes a customer with the address and name it holds; one already gone counts as deleted. */
  deleteCustomer(customerRef: string, idempotencyKey: string): Promise<void>;
}

/**
 * In the erasure's transaction: one job per recurring contribution the provider must still hear
 * about, so it is asked only once the erasure has committed, and asked again (with backoff)
 * until it answers. A recurring contribution must not go on charging a reader who has left, nor
 * the provider keep their address.
 */
export async function scheduleCancellations(tx: Executor, userId: string): Promise<void> {
  for (const { id } of await recurringToErase(tx, userId)) {
    // Retries back off to one an hour: sixty attempts outlast an outage of two days.
    await enqueue(tx, CANCEL_RECURRING_JOB, { recurringId: id }, { singletonKey: `${CANCEL_RECURRING_JOB}:${id}`, maxAttempts: 60 });
  }
}

/**
 * The job, in two steps, each safe to run any number of times: the contribution is stopped
 * through the same path as a donor's own stop (without a mail: the reader has left), then the
 * provider's customer is deleted, and only then our reference to it dropped, so a failure
 * between the two leaves what the retry needs. Stripe sees the same idempotency keys on every attempt.
 */
export async function cancelRecurring(deps: ContributionDeps & { provider: ErasureProvider | null }, recurringId: string): Promise<void> {
  const recurring = await findRecurringById(deps.database.db, recurringId);
  if (!recurring) return;
  await stopRecurring(deps, deps.provider?.recurring ?? null, recurring, 'erasure');
  if (!recurring.customerRef) return;
  if (recurring.provider === 'stripe') {
    if (!deps.provider) throw new Error('A Stripe customer cannot be deleted while Stripe is not configured');
    await deps.provider.deleteCustomer(recurring.customerRef, `delete-customer-${recurring.id}`);
  }
  await forgetCustomer(deps.database.db, recurring.id);
}
