import type { ProviderEvent } from './events.ts';
import type { CheckoutRow } from './repository.ts';
import type { PaymentProvider } from './service.ts';

/**
 * The payment provider a site has before it connects Stripe: checkout is a page of our own,
 * marked as a test, and paying there produces the same events Stripe would send, through the
 * same code that records them. No money moves.
 */
export const sandboxProvider: PaymentProvider = {
  name: 'sandbox',
  async begin(checkout) {
    return { ref: `sandbox_cs_${checkout.id}`, url: `/support/sandbox/${checkout.id}` };
  },
};

/** Pure: what "Pay" on the sandbox checkout page means, as provider events (ids fixed, so paying twice is one payment). */
export function sandboxPaid(checkout: CheckoutRow, at: Date): ProviderEvent[] {
  const checkoutRef = checkout.providerRef ?? `sandbox_cs_${checkout.id}`;
  const giver = { email: checkout.email, country: checkout.country || null };
  const recurring = checkout.frequency !== 'one-off';
  const subscriptionRef = recurring ? `sandbox_sub_${checkout.id}` : null;
  const events: ProviderEvent[] = [
    {
      provider: 'sandbox',
      eventId: `sandbox_evt_${checkout.id}_checkout`,
      type: 'checkout.session.completed',
      at,
      event: {
        kind: 'checkout',
        checkoutRef,
        checkoutId: checkout.id,
        status: 'paid',
        amountMinor: checkout.amountMinor,
        currency: checkout.currency,
        frequency: checkout.frequency,
        subscriptionRef,
        customerRef: null,
        giver,
        paymentRef: null,
      },
    },
  ];
  if (subscriptionRef) events.push(sandboxCharge({ ...checkout, providerRef: subscriptionRef }, 1, at));
  return events;
}

/** Pure: the reader stopped a sandbox recurring contribution. */
export const sandboxCancelled = (subscriptionRef: string, at: Date): ProviderEvent => ({
  provider: 'sandbox',
  eventId: `sandbox_evt_${subscriptionRef}_ended`,
  type: 'customer.subscription.deleted',
  at,
  event: { kind: 'subscription-ended', subscriptionRef },
});

/** Pure: a date `n` months on, the day of the month kept where the month has it (31 January + 1 month: 28 or 29 February). */
export function monthsLater(from: Date, n: number): Date {
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + n, 1, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), last));
  return target;
}

/**
 * Pure: the charges of a sandbox recurring contribution due by `now`, by number (the first,
 * made at checkout, is 1): one per month or year since it began, those not yet made.
 */
export function renewalsDue(since: Date, frequency: 'monthly' | 'annual', charges: number, now: Date): number[] {
  const due: number[] = [];
  for (let n = charges + 1; n < charges + 1000; n++) {
    if (monthsLater(since, (n - 1) * (frequency === 'monthly' ? 1 : 12)) > now) break;
    due.push(n);
  }
  return due;
}

/** Pure: the sandbox's charge number `n` of a recurring contribution, as the invoice event Stripe would send. */
export const sandboxCharge = (
  recurring: { providerRef: string; amountMinor: number; currency: string; frequency: 'one-off' | 'monthly' | 'annual'; email: string; country: string },
  n: number,
  at: Date,
): ProviderEvent => {
  const checkoutId = recurring.providerRef.replace(/^sandbox_sub_/, '');
  return {
    provider: 'sandbox',
    eventId: `sandbox_evt_${checkoutId}_invoice_${n}`,
    type: 'invoice.paid',
    at,
    event: {
      kind: 'invoice',
      invoiceRef: `sandbox_in_${checkoutId}_${n}`,
      subscriptionRef: recurring.providerRef,
      customerRef: null,
      paid: true,
      amountMinor: recurring.amountMinor,
      currency: recurring.currency,
      frequency: recurring.frequency,
      giver: { email: recurring.email, country: recurring.country || null },
      checkoutId,
    },
  };
};
