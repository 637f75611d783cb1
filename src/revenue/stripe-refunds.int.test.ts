import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startStripeApi } from '../../test/support/stripe-api.ts';
import { isSupporter } from './contributions/repository.ts';

const SECRET_KEY = 'sk_test_masthead0001';
const WEBHOOK_SECRET = 'whsec_masthead_test_0001';
const stripe = new Stripe(SECRET_KEY);

/**
 * Refunds through Stripe's signed webhooks (the rest of Stripe's flow is in stripe.int.test.ts):
 * in part and in full, in any order, once each, for one-off gifts and for charges of recurring
 * contributions, whose invoice only Stripe can name.
 */
describe(`Stripe refunds on ${engine}`, () => {
  let t: TestApp;
  let api: Awaited<ReturnType<typeof startStripeApi>>;
  const now = new Date('2026-11-27T12:00:00Z');
  const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const hook = (payload: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
    });
  const event = (id: string, type: string, object: Record<string, unknown>) =>
    JSON.stringify({ id, object: 'event', type, created: Math.floor(now.getTime() / 1000), api_version: '2026-10-28.endive', data: { object } });

  before(async () => {
    api = await startStripeApi(SECRET_KEY);
    t = await createTestApp({ now: () => now, env: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: api.url } });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await api.stop();
  });

  async function startCheckout(agent: Agent, fields: Record<string, string>) {
    const form = await agent.get('/support');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const started = await agent.post('/support', { _csrf: csrf, ...fields });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    return { location: started.headers.location as string, call: api.calls.at(-1)! };
  }

  it('records refunds in part and in full, in any order and once, for one-off gifts and charges of recurring ones', async () => {
    const reader = await signedInStaff(t, 'reader', 'Rhea Refund', '203.0.113.78', now);
    const { location, call } = await startCheckout(reader.agent, { amount: '30', currency: 'USD', frequency: 'one-off', email: 'rhea@readers.example' });
    const sessionId = /cs_test_\w+/.exec(location)![0];
    const checkoutId = call.params.get('metadata[checkout_id]')!;
    const paid = event('evt_rhea_paid', 'checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 3000,
      currency: 'usd',
      payment_intent: 'pi_rhea',
      metadata: { checkout_id: checkoutId, frequency: 'one-off' },
      customer_details: { email: 'rhea@readers.example', address: { country: 'US' } },
    });
    assert.equal((await hook(paid)).json().outcome, 'payment-paid');
    const refunded = (id: string, paymentIntent: string, total: number, extra: Record<string, unknown> = {}) =>
      event(id, 'charge.refunded', {
        id: `ch_${paymentIntent}`,
        object: 'charge',
        amount: 3000,
        amount_refunded: total,
        currency: 'usd',
        payment_intent: paymentIntent,
        refunded: total === 3000,
        ...extra,
      });
    const refundOf = async (ref: string) =>
      (await rowsOf<{ refunded_minor: number }>(sql`select refunded_minor from payments where provider_ref = ${ref}`))[0]?.refunded_minor;
    const lookups = () => api.calls.filter((c) => c.path.startsWith('/v1/invoice_payments')).length;
    const asked = lookups();

    const part = refunded('evt_rhea_refund_1', 'pi_rhea', 1000);
    assert.equal((await hook(part)).json().outcome, 'refunded');
    assert.equal((await hook(part)).json().outcome, 'duplicate');
    assert.equal(await refundOf(sessionId), 1000);
    assert.match((await reader.agent.get('/account/contributions')).body, /\$10 refunded/);
    assert.ok(await isSupporter(t.db.database.db, reader.id, now), 'still a supporter after a part refund');
    assert.equal((await hook(refunded('evt_rhea_refund_2', 'pi_rhea', 3000))).json().outcome, 'refunded');
    assert.equal((await hook(refunded('evt_rhea_refund_1_late', 'pi_rhea', 1000))).json().outcome, 'refunded', 'an older total arriving late');
    assert.equal(await refundOf(sessionId), 3000, 'the largest total stands');
    const page = await reader.agent.get('/account/contributions');
    assert.match(page.body, /<td>refunded<\/td>/);
    assert.equal(await isSupporter(t.db.database.db, reader.id, now), false, 'a gift refunded in full no longer makes a supporter');
    assert.equal(lookups(), asked, 'a one-off payment of ours needs no question to Stripe');

    // Heard of before its payment: kept, and taken up when the payment comes.
    assert.equal((await hook(refunded('evt_early_refund', 'pi_early', 500))).json().outcome, 'refund-awaiting-payment');
    const latePaid = event('evt_early_paid', 'checkout.session.completed', {
      id: 'cs_early_refund',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 3000,
      currency: 'usd',
      payment_intent: 'pi_early',
      metadata: {},
      customer_details: { email: 'early@readers.example' },
    });
    assert.equal((await hook(latePaid)).json().outcome, 'payment-paid-without-checkout');
    assert.equal(await refundOf('cs_early_refund'), 500);

    // A charge of a recurring contribution: Stripe says which invoice it paid.
    const invoice = event('evt_inv_refund', 'invoice.paid', {
      id: 'in_refund_me',
      object: 'invoice',
      amount_paid: 3000,
      currency: 'usd',
      customer_email: 'monthly@readers.example',
      parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_refund', metadata: { frequency: 'monthly' } } },
    });
    assert.equal((await hook(invoice)).json().outcome, 'charge-paid');
    api.paidInvoice('pi_invoice', 'in_refund_me');
    assert.equal((await hook(refunded('evt_inv_refunded', 'pi_invoice', 3000))).json().outcome, 'refunded');
    assert.equal(await refundOf('in_refund_me'), 3000);
    const question = api.calls.findLast((c) => c.path.startsWith('/v1/invoice_payments'))!;
    assert.equal(question.params.get('payment[type]'), 'payment_intent');
    assert.equal(question.params.get('payment[payment_intent]'), 'pi_invoice');

    // Stripe cannot say: the event fails, is not recorded, and counts when Stripe sends it again.
    await hook(
      event('evt_inv_refund_2', 'invoice.paid', {
        id: 'in_refund_later',
        amount_paid: 3000,
        currency: 'usd',
        customer_email: 'monthly@readers.example',
        parent: { subscription_details: { subscription: 'sub_refund' } },
      }),
    );
    api.paidInvoice('pi_invoice_2', 'in_refund_later');
    const retried = refunded('evt_inv_refunded_2', 'pi_invoice_2', 1200);
    api.down = true;
    const failed = await hook(retried);
    api.down = false;
    assert.equal(failed.statusCode, 500, 'Stripe sends it again later');
    assert.doesNotMatch(failed.body, /at |stack/i);
    assert.deepEqual(await rowsOf(sql`select 1 from payment_events where event_id = 'evt_inv_refunded_2'`), []);
    assert.equal((await hook(retried)).json().outcome, 'refunded');
    assert.equal(await refundOf('in_refund_later'), 1200);
  });
});
