import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { fromStripeEvent, fromStripeSession } from './stripe-events.ts';

const at = new Date('2026-11-27T12:00:00Z');
const stripeEvent = (type: string, object: Record<string, unknown>, apiVersion = '2026-10-28.endive') =>
  ({ id: 'evt_1', object: 'event', type, created: at.getTime() / 1000, api_version: apiVersion, data: { object } }) as unknown as Stripe.Event;

describe('Stripe events in our terms', () => {
  it('reads a refund as the total refunded so far, naming the invoice when an older API version still does', () => {
    const charge = { id: 'ch_1', object: 'charge', amount: 3000, amount_refunded: 1200, currency: 'eur', payment_intent: 'pi_1' };
    assert.deepEqual(fromStripeEvent(stripeEvent('charge.refunded', charge)).event, {
      kind: 'refund',
      paymentRef: 'pi_1',
      invoiceRef: null,
      refundedMinor: 1200,
      currency: 'EUR',
    });
    assert.deepEqual(fromStripeEvent(stripeEvent('charge.refunded', { ...charge, invoice: 'in_1' }, '2024-06-20')).event, {
      kind: 'refund',
      paymentRef: 'pi_1',
      invoiceRef: 'in_1',
      refundedMinor: 1200,
      currency: 'EUR',
    });
    assert.equal(
      (fromStripeEvent(stripeEvent('charge.refunded', { ...charge, payment_intent: null })).event as { paymentRef: string }).paymentRef,
      'ch_1',
      'a charge made without a PaymentIntent is named by itself',
    );
  });

  it('keeps the PaymentIntent of a paid checkout, so its refunds find it', () => {
    const session = {
      id: 'cs_1',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 3000,
      currency: 'usd',
      payment_intent: 'pi_9',
      metadata: {},
      customer_details: { email: 'a@readers.example' },
    };
    assert.equal((fromStripeEvent(stripeEvent('checkout.session.completed', session)).event as { paymentRef: string | null }).paymentRef, 'pi_9');
  });

  it('reads a session the reader came back from only once it is complete, naming the status seen', () => {
    const session = {
      id: 'cs_2',
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 500,
      currency: 'gbp',
      metadata: {},
    } as unknown as Stripe.Checkout.Session;
    assert.equal(fromStripeSession(session, at), null);
    const unpaid = fromStripeSession({ ...session, status: 'complete' }, at)!;
    const paid = fromStripeSession({ ...session, status: 'complete', payment_status: 'paid' }, at)!;
    assert.equal((unpaid.event as { status: string }).status, 'pending');
    assert.equal((paid.event as { status: string }).status, 'paid');
    assert.notEqual(unpaid.eventId, paid.eventId, 'a later look that finds it paid is recorded too');
  });
});
