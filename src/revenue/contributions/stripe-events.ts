import type Stripe from 'stripe';
import { FREQUENCIES, type Frequency } from './amounts.ts';
import type { PaymentEvent, ProviderEvent } from './events.ts';
import { UUID } from '../../platform/ids.ts';
import { invalid } from '../../platform/errors.ts';
import { isEmailAddress } from '../../platform/text.ts';

const frequencyOf = (raw: unknown): Frequency | null => (FREQUENCIES.includes(raw as Frequency) ? (raw as Frequency) : null);
const checkoutIdOf = (...candidates: unknown[]) => (candidates.find((c) => typeof c === 'string' && UUID.test(c)) as string | undefined) ?? null;
const countryOf = (raw: unknown) => (typeof raw === 'string' && /^[A-Z]{2}$/.test(raw) ? raw : null);
const emailOf = (...candidates: unknown[]) => (candidates.find((c) => typeof c === 'string' && isEmailAddress(c)) as string | undefined) ?? '';

/**
 * Loosely typed: events come from API versions older and newer than the library's, so every
 * field read below is checked for its type before it is used.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/**
 * Reads the fields an event's money depends on, refusing (a 422 naming the field, nothing
 * recorded) what we cannot take as it is: a signed event is Stripe's, but one of a shape we do
 * not know must not be half-read into the books. Stripe sends it again, so a fixed reader
 * still gets it within Stripe's three days of retries.
 */
function reader(eventId: string, o: Loose) {
  const refuse = (field: string, why: string) => invalid(field, `Stripe event ${eventId}: ${field} ${why}. Nothing was recorded.`);
  const ref = (field: string, raw: unknown): string | null => {
    const value = typeof raw === 'string' ? raw : raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : raw;
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string' || !/^[\w-]{1,255}$/.test(value)) throw refuse(field, 'is not an id');
    return value;
  };
  return {
    ref,
    id(): string {
      const value = ref('id', o.id);
      if (!value) throw refuse('id', 'is missing');
      return value;
    },
    /** An amount in minor units: a whole number from 0 to what an integer column holds. */
    minor(field: string): number {
      const raw = o[field] ?? 0;
      if (!Number.isSafeInteger(raw) || raw < 0 || raw > 2_147_483_647) throw refuse(field, 'is not an amount in minor units');
      return raw;
    },
    currency(): string {
      if (typeof o.currency !== 'string' || !/^[a-z]{3}$/i.test(o.currency)) throw refuse('currency', 'is not a currency code');
      return o.currency.toUpperCase();
    },
  };
}

/**
 * Pure: a Stripe event in our terms, or null for a type we do not act on. Checkout sessions
 * carry our checkout id in their metadata (and as client_reference_id); subscriptions carry it
 * too, so an invoice that arrives before its checkout still finds the ask that led to it.
 */
export function fromStripeEvent(event: Stripe.Event): ProviderEvent {
  const e = event as unknown as Loose;
  if (typeof e.id !== 'string' || !/^[\w-]{1,255}$/.test(e.id)) throw invalid('id', 'A Stripe event needs its id. Nothing was recorded.');
  if (typeof e.type !== 'string' || !Number.isFinite(e.created) || !e.data?.object || typeof e.data.object !== 'object')
    throw invalid('data', `Stripe event ${e.id} lacks its type, time or object. Nothing was recorded.`);
  return { provider: 'stripe', eventId: e.id, type: e.type, at: new Date(e.created * 1000), event: translate(e.id, e.type, e.data.object as Loose) };
}

/**
 * Pure: a Checkout Session the reader just came back from, read from Stripe's API, as the
 * event it will also send by webhook. Its id names the status seen, so a later look that finds
 * the slow payment settled is recorded too, and a reload changes nothing.
 */
export function fromStripeSession(session: Stripe.Checkout.Session, at: Date): ProviderEvent | null {
  if (session.status !== 'complete') return null;
  return {
    provider: 'stripe',
    eventId: `return_${session.id}_${session.payment_status}`,
    type: 'checkout.session.returned',
    at,
    event: translate(session.id, 'checkout.session.completed', session as Loose),
  };
}

function translate(eventId: string, type: string, o: Loose): PaymentEvent | null {
  const read = reader(eventId, o);
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed': {
      const status = type.endsWith('failed')
        ? 'failed'
        : type.endsWith('succeeded') || o.payment_status === 'paid' || o.payment_status === 'no_payment_required'
          ? 'paid'
          : 'pending';
      return {
        kind: 'checkout',
        checkoutRef: read.id(),
        checkoutId: checkoutIdOf(o.metadata?.checkout_id, o.client_reference_id),
        status,
        amountMinor: read.minor('amount_total'),
        currency: read.currency(),
        frequency: frequencyOf(o.metadata?.frequency) ?? (o.mode === 'subscription' ? 'monthly' : 'one-off'),
        subscriptionRef: read.ref('subscription', o.subscription),
        customerRef: read.ref('customer', o.customer),
        giver: { email: emailOf(o.customer_details?.email, o.customer_email), country: countryOf(o.customer_details?.address?.country) },
        paymentRef: read.ref('payment_intent', o.payment_intent),
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const details = o.parent?.subscription_details;
      const subscriptionRef = read.ref('parent.subscription_details.subscription', details?.subscription) ?? read.ref('subscription', o.subscription);
      // An invoice of no subscription was not a contribution made here.
      if (!subscriptionRef) return null;
      const paid = type === 'invoice.paid';
      return {
        kind: 'invoice',
        invoiceRef: read.id(),
        subscriptionRef,
        customerRef: read.ref('customer', o.customer),
        paid,
        amountMinor: read.minor(paid ? 'amount_paid' : 'amount_due'),
        currency: read.currency(),
        frequency: frequencyOf(details?.metadata?.frequency),
        giver: { email: emailOf(o.customer_email), country: countryOf(o.customer_address?.country) },
        checkoutId: checkoutIdOf(details?.metadata?.checkout_id),
      };
    }
    case 'charge.refunded':
      return {
        kind: 'refund',
        paymentRef: read.ref('payment_intent', o.payment_intent) ?? read.id(),
        // API versions before 2025-03 still name the invoice a charge paid.
        invoiceRef: read.ref('invoice', o.invoice),
        refundedMinor: read.minor('amount_refunded'),
        currency: read.currency(),
      };
    case 'customer.subscription.deleted':
      return { kind: 'subscription-ended', subscriptionRef: read.id() };
    default:
      return null;
  }
}
