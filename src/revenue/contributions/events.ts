import type { Frequency } from './amounts.ts';

export type Provider = 'stripe' | 'sandbox';

/** Who gave and how, as a provider tells it. */
export interface Giver {
  email: string;
  country: string | null;
}

/**
 * What a payment provider tells us, in our terms. Stripe's webhooks and the sandbox both
 * arrive as these, so one code path records money whatever brought it.
 */
export type PaymentEvent =
  /**
   * A checkout finished, or its slow payment (a bank debit) settled or failed later. One-off:
   * the payment itself. Recurring: the subscription began; its charges come as invoices.
   */
  | {
      kind: 'checkout';
      checkoutRef: string;
      checkoutId: string | null;
      status: 'paid' | 'pending' | 'failed';
      amountMinor: number;
      currency: string;
      frequency: Frequency;
      subscriptionRef: string | null;
      customerRef: string | null;
      giver: Giver;
      paymentRef: string | null;
    }
  /** A charge of a recurring contribution was paid, or failed. */
  | {
      kind: 'invoice';
      invoiceRef: string;
      subscriptionRef: string;
      customerRef: string | null;
      paid: boolean;
      amountMinor: number;
      currency: string;
      frequency: Frequency | null;
      giver: Giver;
      checkoutId: string | null;
    }
  /**
   * Money went back to the reader: `refundedMinor` is the total refunded so far (not this
   * refund alone), so events in any order or twice leave the same total. The payment is found
   * by the provider's id of the money movement, or of the invoice it paid.
   */
  | { kind: 'refund'; paymentRef: string; invoiceRef: string | null; refundedMinor: number; currency: string }
  /** The reader (or the provider, after failed charges) ended a recurring contribution. */
  | { kind: 'subscription-ended'; subscriptionRef: string };

export interface ProviderEvent {
  provider: Provider;
  eventId: string;
  type: string;
  at: Date;
  /** Null: an event type we do not act on (recorded, answered 200). */
  event: PaymentEvent | null;
}
