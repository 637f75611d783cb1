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
      event: { kind: 'checkout', checkoutRef, checkoutId: checkout.id, status: 'paid', amountMinor: checkout.amountMinor, currency: checkout.currency, frequency: checkout.frequency, subscriptionRef, customerRef: null, giver },
    },
  ];
  if (subscriptionRef) {
    events.push({
      provider: 'sandbox',
      eventId: `sandbox_evt_${checkout.id}_invoice_1`,
      type: 'invoice.paid',
      at,
      event: { kind: 'invoice', invoiceRef: `sandbox_in_${checkout.id}_1`, subscriptionRef, customerRef: null, paid: true, amountMinor: checkout.amountMinor, currency: checkout.currency, frequency: checkout.frequency, giver, checkoutId: checkout.id },
    });
  }
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
