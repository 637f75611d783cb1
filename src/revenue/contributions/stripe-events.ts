import type Stripe from 'stripe';
import { FREQUENCIES, type Frequency } from './amounts.ts';
import type { PaymentEvent, ProviderEvent } from './events.ts';
import { UUID } from '../../platform/ids.ts';

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null));
const frequencyOf = (raw: unknown): Frequency | null => (FREQUENCIES.includes(raw as Frequency) ? (raw as Frequency) : null);
const checkoutIdOf = (...candidates: unknown[]) => (candidates.find((c) => typeof c === 'string' && UUID.test(c)) as string | undefined) ?? null;

/** Loosely typed: events come from API versions older and newer than the library's. */
type Loose = Record<string, any>;

/**
 * Pure: a Stripe event in our terms, or null for a type we do not act on. Checkout sessions
 * carry our checkout id in their metadata (and as client_reference_id); subscriptions carry it
 * too, so an invoice that arrives before its checkout still finds the ask that led to it.
 */
export function fromStripeEvent(event: Stripe.Event): ProviderEvent {
  const object = event.data.object as Loose;
  return { provider: 'stripe', eventId: event.id, type: event.type, at: new Date(event.created * 1000), event: translate(event.type, object) };
}

/**
 * Pure: a Checkout Session the reader just came back from, read from Stripe's API, as the
 * event it will also send by webhook. Its id names the status seen, so a later look that finds
 * the slow payment settled is recorded too, and a reload changes nothing.
 */
export function fromStripeSession(session: Stripe.Checkout.Session, at: Date): ProviderEvent | null {
  if (session.status !== 'complete') return null;
  return { provider: 'stripe', eventId: `return_${session.id}_${session.payment_status}`, type: 'checkout.session.returned', at, event: translate('checkout.session.completed', session as Loose) };
}

function translate(type: string, o: Loose): PaymentEvent | null {
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed': {
      const status = type.endsWith('failed') ? 'failed' : type.endsWith('succeeded') || o.payment_status === 'paid' || o.payment_status === 'no_payment_required' ? 'paid' : 'pending';
      return {
        kind: 'checkout',
        checkoutRef: String(o.id),
        checkoutId: checkoutIdOf(o.metadata?.checkout_id, o.client_reference_id),
        status,
        amountMinor: Number(o.amount_total ?? 0),
        currency: String(o.currency ?? '').toUpperCase(),
        frequency: frequencyOf(o.metadata?.frequency) ?? (o.mode === 'subscription' ? 'monthly' : 'one-off'),
        subscriptionRef: idOf(o.subscription),
        customerRef: idOf(o.customer),
        giver: { email: String(o.customer_details?.email ?? o.customer_email ?? ''), country: o.customer_details?.address?.country ?? null },
        paymentRef: idOf(o.payment_intent),
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const details = o.parent?.subscription_details;
      const subscriptionRef = idOf(details?.subscription) ?? idOf(o.subscription);
      // An invoice of no subscription was not a contribution made here.
      if (!subscriptionRef) return null;
      const paid = type === 'invoice.paid';
      return {
        kind: 'invoice',
        invoiceRef: String(o.id),
        subscriptionRef,
        customerRef: idOf(o.customer),
        paid,
        amountMinor: Number((paid ? o.amount_paid : o.amount_due) ?? 0),
        currency: String(o.currency ?? '').toUpperCase(),
        frequency: frequencyOf(details?.metadata?.frequency),
        giver: { email: String(o.customer_email ?? ''), country: o.customer_address?.country ?? null },
        checkoutId: checkoutIdOf(details?.metadata?.checkout_id),
      };
    }
    case 'charge.refunded': {
      const paymentRef = idOf(o.payment_intent) ?? String(o.id);
      // API versions before 2025-03 still name the invoice a charge paid.
      return { kind: 'refund', paymentRef, invoiceRef: idOf(o.invoice), refundedMinor: Number(o.amount_refunded ?? 0), currency: String(o.currency ?? '').toUpperCase() };
    }
    case 'customer.subscription.deleted':
      return { kind: 'subscription-ended', subscriptionRef: String(o.id) };
    default:
      return null;
  }
}
