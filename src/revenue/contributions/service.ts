import type { Database, Executor } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import { hit, within, type Limit } from '../../platform/rate-limit/service.ts';
import { isEmailAddress } from '../../platform/text.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { findTest } from '../asks/repository.ts';
import { readAmount, readFrequency } from './amounts.ts';
import type { PaymentEvent, Provider, ProviderEvent } from './events.ts';
import * as repo from './repository.ts';
import { receiptMail } from './receipt.tsx';
import { manageUrl } from './manage-link.ts';
import { UUID } from '../../platform/ids.ts';

export interface ContributionDeps {
  database: Database;
  now: () => Date;
  site: string;
  publicUrl: string;
}

/** Where the reader goes to pay, and the provider's id of that checkout. */
export interface PaymentProvider {
  name: Provider;
  begin(checkout: repo.CheckoutRow): Promise<{ ref: string; url: string }>;
  /**
   * What the provider says now of a checkout the reader has come back from, as an event; null
   * while it is not finished. Providers whose checkout records itself (the sandbox) need none.
   */
  confirm?(checkout: repo.CheckoutRow, at: Date): Promise<ProviderEvent | null>;
}

/** A contribution as the support form sends it: text, checked by `startCheckout`. */
export interface CheckoutInput {
  amount?: string | undefined;
  currency?: string | undefined;
  frequency?: string | undefined;
  email?: string | undefined;
  testId?: string | undefined;
  variantId?: string | undefined;
}

/** Checkouts one network address may open: each is a row here and a session at the provider. */
const CHECKOUTS_PER_ADDRESS: Limit = { max: 20, windowSeconds: 3600 };
/** Questions to the provider about one checkout (a reader reloading the thanks page). */
const CONFIRMS_PER_CHECKOUT: Limit = { max: 20, windowSeconds: 3600 };

/**
 * Starts a contribution: the amount, currency, frequency and address checked, our record of
 * the checkout written, then the provider asked for the page where the reader pays.
 */
export async function startCheckout(
  deps: ContributionDeps,
  provider: PaymentProvider,
  input: CheckoutInput,
  reader: { userId: string | null; country: string | null; address: string },
): Promise<string> {
  const { currency, minor } = readAmount(input.amount, input.currency);
  const frequency = readFrequency(input.frequency ?? 'one-off');
  const email = typeof input.email === 'string' ? input.email.trim() : '';
  if (!isEmailAddress(email)) throw invalid('email', 'Give the e-mail address your receipt should go to.');
  const testId = typeof input.testId === 'string' && UUID.test(input.testId) ? input.testId.toLowerCase() : null;
  const variantId = testId && typeof input.variantId === 'string' && /^[\w-]{1,64}$/.test(input.variantId) ? input.variantId : null;
  await hit(deps.database.db, `support:checkout:${reader.address}`, CHECKOUTS_PER_ADDRESS, deps.now(), 'Too many checkouts from your network.');
  const checkout = await repo.insertCheckout(
    deps.database.db,
    provider.name,
    {
      userId: reader.userId,
      email,
      amountMinor: minor,
      currency,
      frequency,
      country: reader.country ?? '',
      testId: testId && (await testExists(deps.database.db, testId)) ? testId : null,
      variantId,
    },
    deps.now(),
  );
  const started = await provider.begin(checkout);
  await repo.setCheckoutRef(deps.database.db, checkout.id, started.ref);
  return started.url;
}

/**
 * A refund names the money movement. A one-off payment of ours carries that name; a charge of
 * a recurring contribution is ours by the invoice it paid, which only the provider can tell
 * (Stripe's charges stopped naming their invoice in 2025). Asked before the event is recorded,
 * outside any transaction, and only when no payment of ours is that movement; a provider that
 * cannot answer fails the event, so it is sent again.
 */
export async function withRefundTarget(
  deps: ContributionDeps,
  incoming: ProviderEvent,
  invoiceOf: (paymentRef: string) => Promise<string | null>,
): Promise<ProviderEvent> {
  const event = incoming.event;
  if (event?.kind !== 'refund' || event.invoiceRef || (await repo.hasPaymentRef(deps.database.db, incoming.provider, event.paymentRef))) return incoming;
  return { ...incoming, event: { ...event, invoiceRef: await invoiceOf(event.paymentRef) } };
}

/** A reader comes back from paying after at most this long; Stripe's checkouts expire after a day. */
const CONFIRM_WITHIN_MS = 24 * 3600_000;

/** Where a contribution stands when its reader comes back: paid (or a recurring one begun), on its way, or failed. */
export type ReturnState = 'given' | 'waiting' | 'failed';

async function returnState(executor: Executor, checkout: repo.CheckoutRow): Promise<ReturnState> {
  if (checkout.status !== 'completed') return 'waiting';
  if (checkout.frequency !== 'one-off') return 'given';
  const payment = await repo.paymentStatusOfCheckout(executor, checkout.id);
  return payment === 'paid' ? 'given' : payment === 'failed' ? 'failed' : 'waiting';
}

/**
 * The reader is back from the provider's checkout page, usually before its webhook: while the
 * contribution is still on its way, ask the provider and record what it says through the same
 * exactly-once path, so the thanks and the supporter's fewer asks need not wait. A provider
 * that cannot be reached leaves it waiting; the webhook still comes.
 */
export async function confirmReturn(
  deps: ContributionDeps,
  provider: PaymentProvider | null,
  checkout: repo.CheckoutRow,
  log: { warn(o: object, m: string): void },
): Promise<{ checkout: repo.CheckoutRow; state: ReturnState }> {
  const db = deps.database.db;
  const state = await returnState(db, checkout);
  const fresh = deps.now().getTime() - checkout.createdAt.getTime() <= CONFIRM_WITHIN_MS;
  if (state !== 'waiting' || !fresh || !provider?.confirm || checkout.provider !== provider.name || !checkout.providerRef) return { checkout, state };
  // Reloaded past the limit, the page stops asking; the webhook still comes.
  if (!(await within(db, `support:confirm:${checkout.id}`, CONFIRMS_PER_CHECKOUT, deps.now()))) return { checkout, state };
  try {
    const event = await provider.confirm(checkout, deps.now());
    if (!event) return { checkout, state };
    await applyProviderEvent(deps, event);
  } catch (error) {
    log.warn({ err: error, checkout: checkout.id }, 'could not confirm a checkout with the payment provider');
    return { checkout, state };
  }
  const current = (await repo.findCheckout(db, { id: checkout.id })) ?? checkout;
  return { checkout: current, state: await returnState(db, current) };
}

const testExists = async (executor: Executor, testId: string) => (await findTest(executor, testId)) !== null;

/**
 * Records what a provider told us, exactly once: the event id is claimed in the same
 * transaction, so a replay changes nothing; events arriving out of order (an invoice before
 * its checkout, a late "pending" after "paid") leave the same state as in order. Returns what
 * was done, for the record and the logs.
 */
export async function applyProviderEvent(deps: ContributionDeps, incoming: ProviderEvent): Promise<string> {
  return deps.database.transaction(async (tx) => {
    if (!(await repo.claimEvent(tx, incoming.provider, incoming.eventId, incoming.type, deps.now()))) return 'duplicate';
    const outcome = incoming.event ? await apply(deps, tx, incoming.provider, incoming.event, incoming.at) : 'ignored';
    await repo.setEventOutcome(tx, incoming.provider, incoming.eventId, outcome);
    return outcome;
  });
}

async function apply(deps: ContributionDeps, tx: Executor, provider: Provider, event: PaymentEvent, at: Date): Promise<string> {
  if (event.kind === 'subscription-ended') {
    const recurring = await repo.findRecurring(tx, provider, event.subscriptionRef);
    if (!recurring) return 'unknown-subscription';
    await repo.setRecurringStatus(tx, recurring.id, 'cancelled', at);
    return 'cancelled';
  }
  if (event.kind === 'refund') {
    await repo.recordRefund(tx, provider, { ...event, at });
    // Heard of before its payment, it waits for it: the payment takes it up once recorded.
    return (await repo.carryRefundFrom(tx, provider, event.paymentRef)) ? 'refunded' : 'refund-awaiting-payment';
  }
  if (event.kind === 'checkout') {
    const checkout =
      (event.checkoutId && UUID.test(event.checkoutId) ? await repo.findCheckout(tx, { id: event.checkoutId }) : null) ??
      (await repo.findCheckout(tx, { provider, ref: event.checkoutRef }));
    // A checkout we have no record of (made elsewhere, or our record lost) is taken as the provider tells it.
    const giving: repo.Giving = checkout
      ? repo.givingOf(checkout)
      : {
          userId: null,
          email: event.giver.email,
          amountMinor: event.amountMinor,
          currency: event.currency.toUpperCase(),
          frequency: event.frequency,
          country: event.giver.country ?? '',
          testId: null,
          variantId: null,
        };
    if (checkout) await repo.completeCheckout(tx, checkout.id, event.checkoutRef, at);
    if (giving.frequency !== 'one-off') {
      if (!event.subscriptionRef) return 'recurring-without-subscription';
      await repo.insertRecurring(tx, { ...giving, provider, providerRef: event.subscriptionRef, customerRef: event.customerRef, at });
      return 'subscribed';
    }
    const saved = await repo.savePayment(tx, {
      ...giving,
      amountMinor: event.amountMinor,
      provider,
      providerRef: event.checkoutRef,
      paymentRef: event.paymentRef,
      checkoutId: checkout?.id ?? null,
      recurringId: null,
      status: event.status,
      at,
    });
    await repo.carryRefundTo(tx, provider, saved.id);
    if (saved.becamePaid) await receipt(deps, tx, provider, { ...giving, amountMinor: event.amountMinor }, saved.id, at);
    return checkout ? `payment-${event.status}` : `payment-${event.status}-without-checkout`;
  }
  // An invoice: one charge of a recurring contribution.
  let recurring = await repo.findRecurring(tx, provider, event.subscriptionRef);
  if (!recurring) {
    const checkout = event.checkoutId && UUID.test(event.checkoutId) ? await repo.findCheckout(tx, { id: event.checkoutId }) : null;
    const giving: repo.Giving = checkout
      ? repo.givingOf(checkout)
      : {
          userId: null,
          email: event.giver.email,
          amountMinor: event.amountMinor,
          currency: event.currency.toUpperCase(),
          frequency: event.frequency ?? 'monthly',
          country: event.giver.country ?? '',
          testId: null,
          variantId: null,
        };
    recurring = await repo.insertRecurring(tx, { ...giving, provider, providerRef: event.subscriptionRef, customerRef: event.customerRef, at });
  }
  const saved = await repo.savePayment(tx, {
    ...repo.givingOf(recurring),
    amountMinor: event.amountMinor,
    currency: event.currency.toUpperCase(),
    provider,
    providerRef: event.invoiceRef,
    paymentRef: null,
    checkoutId: null,
    recurringId: recurring.id,
    status: event.paid ? 'paid' : 'failed',
    at,
  });
  await repo.carryRefundTo(tx, provider, saved.id);
  if (!event.paid) {
    await repo.setRecurringStatus(tx, recurring.id, 'past_due', at);
    return 'charge-failed';
  }
  if (recurring.status === 'past_due') await repo.setRecurringStatus(tx, recurring.id, 'active', at);
  if (saved.becamePaid) await receipt(deps, tx, provider, { ...repo.givingOf(recurring), amountMinor: event.amountMinor }, saved.id, at, recurring.id);
  return 'charge-paid';
}

async function receipt(
  deps: ContributionDeps,
  tx: Executor,
  provider: Provider,
  giving: repo.Giving,
  paymentId: string,
  at: Date,
  recurringId: string | null = null,
): Promise<void> {
  // A payment made elsewhere may come without an address we can write to.
  if (!isEmailAddress(giving.email)) return;
  const manage = recurringId ? await manageUrl(deps, tx, recurringId) : undefined;
  await queueMail(
    tx,
    receiptMail({
      site: deps.site,
      publicUrl: deps.publicUrl,
      to: giving.email,
      amountMinor: giving.amountMinor,
      currency: giving.currency,
      frequency: giving.frequency,
      paidAt: at,
      reference: paymentId.slice(0, 8).toUpperCase(),
      test: provider === 'sandbox',
      manage,
    }),
  );
}
