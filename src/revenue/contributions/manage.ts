import { AppError, invalid } from '../../platform/errors.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { hit, type Limit } from '../../platform/rate-limit/service.ts';
import { isEmailAddress } from '../../platform/text.ts';
import { readAmount, readFrequency } from './amounts.ts';
import { manageLinkKey, manageUrl, readManageToken } from './manage-link.ts';
import { changedMail, freshLinkMail } from './manage-mail.tsx';
import * as repo from './repository.ts';
import { sandboxCancelled } from './sandbox.ts';
import { applyProviderEvent, type ContributionDeps } from './service.ts';

/** What the provider of a recurring contribution does when its donor stops or changes it (Stripe's subscriptions). */
export interface RecurringControls {
  /** Stops it at once; the same idempotency key on every attempt makes a retry the same request. */
  cancel(subscriptionRef: string, idempotencyKey: string): Promise<void>;
  update(subscriptionRef: string, change: { amountMinor: number; currency: string; frequency: 'monthly' | 'annual' }): Promise<void>;
}

/** Fresh links one contribution may ask for: each is an e-mail to its donor. */
const FRESH_LINKS_PER_CONTRIBUTION: Limit = { max: 3, windowSeconds: 3600 };

/**
 * The recurring contribution a link is for. A link we did not sign (or signed differently)
 * is a 400, an expired one a 410 that says it can be renewed; a contribution since deleted a 404.
 */
export async function recurringOfLink(deps: ContributionDeps, token: string, options: { expiredToo?: boolean } = {}): Promise<repo.RecurringRow> {
  const db = deps.database.db;
  const link = readManageToken(await manageLinkKey(db), token, deps.now());
  if (!link.ok && link.reason === 'unreadable')
    throw new AppError(
      'bad_request',
      'This link is not one we sent, or part of it was lost on the way. Copy the whole link from your receipt, or use the one in your latest receipt.',
      'token',
    );
  if (!link.ok && !options.expiredToo)
    throw new AppError(
      'gone',
      `This link stopped working on ${link.expiresAt.toISOString().slice(0, 10)}: links in receipts work for a limited time. We can e-mail you a fresh one.`,
      'token',
      { renewable: true },
    );
  const found = await repo.findRecurringById(db, link.recurringId);
  if (!found) throw new AppError('not_found', 'This contribution is no longer on record.');
  return found;
}

/** Sends a fresh link to the address the contribution was given with, and nowhere else. */
export async function sendFreshLink(deps: ContributionDeps, recurring: repo.RecurringRow): Promise<void> {
  const db = deps.database.db;
  await hit(
    db,
    `support:manage-link:${recurring.id}`,
    FRESH_LINKS_PER_CONTRIBUTION,
    deps.now(),
    'We have sent several links for this contribution in the last hour.',
  );
  if (!isEmailAddress(recurring.email)) throw new AppError('conflict', 'We have no address to send a link to for this contribution; write to us instead.');
  await deps.database.transaction(async (tx) => {
    const { url, expiresAt } = await manageUrl(deps, tx, recurring.id);
    await queueMail(tx, freshLinkMail({ site: deps.site, to: recurring.email, recurring, url, expiresAt }));
  });
}

/** Who stops a recurring contribution: its donor (through the receipt's link), or the erasure of their account. */
export type StoppedBy = 'donor' | 'erasure';

/**
 * Stops a recurring contribution, whoever asks: the provider first (Stripe cancels the
 * subscription at once), then our record, through the same exactly-once path as the provider's
 * own event, which may follow and then changes nothing. Stopping a stopped one does nothing, so
 * a retried job may call it again. The donor hears of it by mail, in case their link reached
 * someone else; a reader whose account is being erased is not written to.
 */
export async function stopRecurring(deps: ContributionDeps, controls: RecurringControls | null, recurring: repo.RecurringRow, by: StoppedBy): Promise<void> {
  if (recurring.status === 'cancelled') return;
  const at = deps.now();
  if (recurring.provider === 'sandbox') {
    await applyProviderEvent(deps, sandboxCancelled(recurring.providerRef, at));
  } else {
    await (controls ?? unconnected()).cancel(recurring.providerRef, `cancel-recurring-${recurring.id}`);
    const eventId = `${by === 'donor' ? 'stopped_by_donor' : 'stopped_on_erasure'}_${recurring.providerRef}`;
    await applyProviderEvent(deps, {
      provider: 'stripe',
      eventId,
      type: 'customer.subscription.deleted',
      at,
      event: { kind: 'subscription-ended', subscriptionRef: recurring.providerRef },
    });
  }
  if (by === 'donor') await confirmByMail(deps, recurring, null);
}

/**
 * A new amount or frequency (in the contribution's currency) for the charges to come: the
 * provider's subscription changes first (a new amount from the next charge, nothing charged now
 * for the difference; a new frequency starts a new period, and its charge, at once), then our
 * record. Refusals name the field; a stopped contribution is started again from the support page.
 */
export async function changeRecurring(
  deps: ContributionDeps,
  controls: RecurringControls | null,
  recurring: repo.RecurringRow,
  input: { amount?: string | undefined; frequency?: string | undefined },
): Promise<'changed' | 'unchanged'> {
  if (recurring.status === 'cancelled') throw new AppError('conflict', 'This contribution is stopped. To give again, start a new one on the support page.');
  const { minor } = readAmount(input.amount, recurring.currency);
  const frequency = readFrequency(input.frequency);
  if (frequency === 'one-off')
    throw invalid('frequency', 'A recurring contribution is monthly or annual. To give once instead, stop this one and give from the support page.');
  if (minor === recurring.amountMinor && frequency === recurring.frequency) return 'unchanged';
  const change = { amountMinor: minor, currency: recurring.currency, frequency };
  if (recurring.provider === 'stripe') await (controls ?? unconnected()).update(recurring.providerRef, change);
  await repo.changeRecurring(deps.database.db, recurring.id, change);
  await confirmByMail(deps, recurring, change);
  return 'changed';
}

// A donor hears of every change made through a link, in case the link reached someone else.
async function confirmByMail(
  deps: ContributionDeps,
  recurring: repo.RecurringRow,
  change: { amountMinor: number; frequency: 'monthly' | 'annual' } | null,
): Promise<void> {
  if (!isEmailAddress(recurring.email)) return;
  await queueMail(deps.database.db, changedMail({ site: deps.site, supportUrl: `${deps.publicUrl}/support`, to: recurring.email, recurring, change }));
}

const unconnected = (): never => {
  throw new AppError(
    'unavailable',
    'Contributions through Stripe cannot be changed at the moment because Stripe is not connected. Please try again later or write to us.',
  );
};
