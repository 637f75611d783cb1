import type { Executor } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { runningSandboxRecurring } from './repository.ts';
import { renewalsDue, sandboxCharge } from './sandbox.ts';
import { applyProviderEvent, type ContributionDeps } from './service.ts';

export const SANDBOX_RENEWALS_JOB = 'revenue.sandbox-renewals';

/** Once a day at 06:00 UTC. */
export async function scheduleSandboxRenewals(executor: Executor, now: Date): Promise<void> {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 6));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 1);
  await enqueue(executor, SANDBOX_RENEWALS_JOB, {}, { runAt: at, singletonKey: `${SANDBOX_RENEWALS_JOB}:${at.toISOString().slice(0, 10)}` });
}

/**
 * Job: charges the sandbox's recurring contributions whose month or year came round, as Stripe
 * would (an invoice event each, through the same code), so a newsroom trying the sandbox sees
 * recurring income arrive. Event ids are fixed per charge: running it twice charges once.
 */
export async function chargeSandboxRenewals(deps: ContributionDeps): Promise<number> {
  const now = deps.now();
  let charged = 0;
  for (const recurring of await runningSandboxRecurring(deps.database.db)) {
    if (recurring.frequency === 'one-off') continue;
    for (const n of renewalsDue(recurring.createdAt, recurring.frequency, recurring.charges, now)) {
      if ((await applyProviderEvent(deps, sandboxCharge(recurring, n, now))) === 'charge-paid') charged++;
    }
  }
  return charged;
}
