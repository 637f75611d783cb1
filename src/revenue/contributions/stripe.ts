import Stripe from 'stripe';
import { AppError } from '../../platform/errors.ts';
import type { RecurringControls } from './manage.ts';
import type { PaymentProvider } from './service.ts';
import { fromStripeSession } from './stripe-events.ts';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Another API address (a local stand-in in tests); Stripe's own otherwise. */
  apiBase?: string | undefined;
  publicUrl: string;
  siteName: string;
}

/**
 * Stripe through its official library: Checkout for paying (one-off as a payment, monthly and
 * annual as a subscription), signed webhooks for what happened, and the customer portal for a
 * reader to change or stop a recurring contribution.
 */
export function stripeProvider(options: StripeOptions) {
  const api = options.apiBase ? new URL(options.apiBase) : null;
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(api
      ? { host: api.hostname, port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)), protocol: api.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });

  const provider: PaymentProvider = {
    name: 'stripe',
    async begin(checkout) {
      const recurring = checkout.frequency !== 'one-off';
      const metadata = { checkout_id: checkout.id, frequency: checkout.frequency };
      const session = await stripe.checkout.sessions.create(
        {
          mode: recurring ? 'subscription' : 'payment',
          customer_email: checkout.email,
          client_reference_id: checkout.id,
          metadata,
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: checkout.currency.toLowerCase(),
                unit_amount: checkout.amountMinor,
                product_data: { name: `Contribution to ${options.siteName}` },
                ...(recurring ? { recurring: { interval: checkout.frequency === 'monthly' ? 'month' : 'year' } } : {}),
              },
            },
          ],
          ...(recurring ? { subscription_data: { metadata } } : { submit_type: 'donate', payment_intent_data: { metadata } }),
          success_url: `${options.publicUrl}/support/thanks?checkout=${checkout.id}`,
          cancel_url: `${options.publicUrl}/support?cancelled=1`,
        },
        // A retried request never opens a second checkout.
        { idempotencyKey: `checkout-${checkout.id}` },
      );
      if (!session.url) throw new Error('Stripe made a checkout without an address to send the reader to');
      return { ref: session.id, url: session.url };
    },
    async confirm(checkout, at) {
      return checkout.providerRef ? fromStripeSession(await stripe.checkout.sessions.retrieve(checkout.providerRef), at) : null;
    },
  };

  // Stripe out of reach or refusing is not the donor's doing: they are told nothing changed and to try again.
  const viaStripe = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError)
        throw new AppError('unavailable', 'Stripe did not take the change just now, so nothing was changed. Please try again in a few minutes.');
      throw error;
    }
  };

  // Asked to stop or delete what Stripe no longer knows (ended after failed charges, its event
  // not yet here; deleted by an earlier attempt whose answer was lost): that is done already.
  const alreadyGone = (error: unknown) => error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing';

  /** Stops a subscription at once; the idempotency key makes a retried request the same request. */
  const stopSubscription = async (subscriptionRef: string, idempotencyKey: string) => {
    try {
      await stripe.subscriptions.cancel(subscriptionRef, {}, { idempotencyKey });
    } catch (error) {
      if (!alreadyGone(error)) throw error;
    }
  };

  /** Changing or stopping a contribution: its donor through the link in their receipt, or the erasure of their account. */
  const recurring: RecurringControls = {
    cancel: (subscriptionRef, idempotencyKey) => viaStripe(() => stopSubscription(subscriptionRef, idempotencyKey)),
    update: (subscriptionRef, change) =>
      viaStripe(async () => {
        const subscription = await stripe.subscriptions.retrieve(subscriptionRef);
        const item = subscription.items.data[0];
        if (!item) throw new Error(`Stripe subscription ${subscriptionRef} has no item to change`);
        const product = typeof item.price.product === 'string' ? item.price.product : item.price.product.id;
        await stripe.subscriptions.update(subscriptionRef, {
          items: [
            {
              id: item.id,
              price_data: {
                currency: change.currency.toLowerCase(),
                product,
                unit_amount: change.amountMinor,
                recurring: { interval: change.frequency === 'monthly' ? 'month' : 'year' },
              },
            },
          ],
          // No proration: a new amount at the same interval applies from the next charge, and nothing
          // is charged or credited for the change. A new interval is different: Stripe resets the
          // billing cycle to now and invoices the first period at the new price at once (what is
          // left of the old period is not credited), which the page and the mail tell the donor.
          proration_behavior: 'none',
          metadata: { frequency: change.frequency },
        });
      }),
  };

  return {
    provider,
    recurring,
    /** The event, if the signature is Stripe's over exactly these bytes and recent (5 minutes); throws otherwise. */
    verify: (raw: Buffer, signature: string | undefined) => stripe.webhooks.constructEvent(raw, signature ?? '', options.webhookSecret, 300),
    /** The invoice a payment (a PaymentIntent) paid, if it paid one. */
    async invoiceOf(paymentIntent: string): Promise<string | null> {
      const found = await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: paymentIntent }, limit: 1 });
      const invoice = found.data[0]?.invoice;
      return typeof invoice === 'string' ? invoice : (invoice?.id ?? null);
    },
    /**
     * Deletes a customer, and with it the address and name Stripe keeps, its reader's account
     * being erased (a retried job, hence the key). One Stripe no longer knows is deleted already.
     */
    async deleteCustomer(customerRef: string, idempotencyKey: string): Promise<void> {
      try {
        await stripe.customers.del(customerRef, {}, { idempotencyKey });
      } catch (error) {
        if (!alreadyGone(error)) throw error;
      }
    },
    /** Where a reader changes or stops a recurring contribution. */
    async manageUrl(customerRef: string, returnUrl: string): Promise<string> {
      return (await stripe.billingPortal.sessions.create({ customer: customerRef, return_url: returnUrl })).url;
    },
  };
}

export type StripeConnection = ReturnType<typeof stripeProvider>;
