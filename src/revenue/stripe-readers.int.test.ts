import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { openStripeApp, postWebhook, startStripeCheckout, stripeEvent, type Smtp, type StripeApi } from './stripe.fixtures.ts';

/**
 * Readers giving with Stripe connected (a stand-in on loopback): a monthly gift whose invoice may
 * come before its checkout, managed on Stripe, and a reader back from Stripe before its webhook,
 * thanked once the money is there. Checkout and the webhooks themselves: stripe.int.test.ts.
 */
describe(`Stripe on ${engine}: readers giving, monthly and back from Stripe`, () => {
  let t: TestApp;
  let api: StripeApi;
  let smtp: Smtp;
  let close: () => Promise<void>;
  const now = new Date('2026-11-27T12:00:00Z');
  const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const hook = (payload: string, signature?: string | null, headers: Record<string, string> = {}) => postWebhook(t, payload, signature, headers);
  const event = (id: string, type: string, object: Record<string, unknown>) => stripeEvent(now, id, type, object);
  const startCheckout = (agent: Agent, fields: Record<string, string>) => startStripeCheckout(api, agent, fields);

  before(async () => {
    ({ t, api, smtp, close } = await openStripeApp(now));
  });
  after(async () => {
    await close();
  });

  it('a signed-in reader gives monthly: the invoice may arrive before the checkout; one recurring contribution, managed on Stripe', async () => {
    const reader = await signedInStaff(t, 'reader', 'Rita Monthly', '203.0.113.77', now);
    const { call } = await startCheckout(reader.agent, { amount: '10', currency: 'GBP', frequency: 'monthly' });
    assert.equal(call.params.get('mode'), 'subscription');
    assert.equal(call.params.get('line_items[0][price_data][recurring][interval]'), 'month');
    const checkoutId = call.params.get('subscription_data[metadata][checkout_id]')!;
    assert.ok(checkoutId);
    const invoice = event('evt_inv_first', 'invoice.paid', {
      id: 'in_first',
      object: 'invoice',
      amount_paid: 1000,
      currency: 'gbp',
      customer_email: 'donor@readers.example',
      parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_rita', metadata: { checkout_id: checkoutId, frequency: 'monthly' } } },
    });
    assert.equal((await hook(invoice)).json().outcome, 'charge-paid');
    const completed = event('evt_cs_rita', 'checkout.session.completed', {
      id: 'cs_rita',
      mode: 'subscription',
      payment_status: 'paid',
      amount_total: 1000,
      currency: 'gbp',
      metadata: { checkout_id: checkoutId, frequency: 'monthly' },
      customer: 'cus_rita',
      subscription: 'sub_rita',
      customer_details: { email: 'donor@readers.example', address: { country: 'GB' } },
    });
    assert.equal((await hook(completed)).json().outcome, 'subscribed');
    assert.deepEqual(await rowsOf(sql`select count(*)::int as n from recurring_contributions where provider_ref = 'sub_rita'`), [{ n: 1 }]);
    const page = await reader.agent.get('/account/contributions');
    assert.match(page.body, /£10 every month/);
    assert.match(page.body, /Change or stop it \(on Stripe\)/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const id = /action="\/account\/contributions\/([0-9a-f-]{36})\/manage"/.exec(page.body)![1]!;
    const manage = await reader.agent.post(`/account/contributions/${id}/manage`, { _csrf: csrf });
    assert.equal(manage.statusCode, 303);
    assert.match(manage.headers.location as string, /^https:\/\/billing\.stripe\.com\/p\/session\//);
    assert.equal(api.calls.at(-1)!.params.get('customer'), 'cus_rita');
    const ended = event('evt_sub_end', 'customer.subscription.deleted', { id: 'sub_rita', object: 'subscription' });
    assert.equal((await hook(ended)).json().outcome, 'cancelled');
  });

  it('a reader back from Stripe before its webhook is thanked at once, a slow payment once it settles; the webhook after adds nothing', async () => {
    const reader = new Agent(t.app);
    const email = 'early@readers.example';
    const { location, call } = await startCheckout(reader, { amount: '20', currency: 'EUR', frequency: 'one-off', email });
    const sessionId = /cs_test_\w+/.exec(location)![0];
    const checkoutId = call.params.get('metadata[checkout_id]')!;
    const thanks = () => reader.get(`/support/thanks?checkout=${checkoutId}`);
    const paymentsOf = () => rowsOf<{ status: string }>(sql`select status from payments where provider_ref = ${sessionId}`);

    let page = await thanks();
    assert.match(page.body, /Your payment is on its way/, 'not paid yet: Stripe says the session is open');
    assert.doesNotMatch(page.body, /data-island="support-thanks"/);

    api.pay(sessionId, { paymentStatus: 'paid', country: 'DE' });
    api.down = true;
    page = await thanks();
    api.down = false;
    assert.equal(page.statusCode, 200, 'Stripe unreachable: the page still answers');
    assert.match(page.body, /Your payment is on its way/);
    assert.deepEqual(await paymentsOf(), []);

    page = await thanks();
    assert.match(page.body, /Your contribution of €20 keeps this journalism free/);
    assert.match(page.body, /data-island="support-thanks"/, "this browser is marked as a supporter's");
    assert.deepEqual(await paymentsOf(), [{ status: 'paid' }]);
    await thanks();
    const completed = event('evt_early_1', 'checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 2000,
      currency: 'eur',
      metadata: { checkout_id: checkoutId, frequency: 'one-off' },
      client_reference_id: checkoutId,
      customer_details: { email, address: { country: 'DE' } },
    });
    assert.equal((await hook(completed)).json().outcome, 'payment-paid');
    assert.deepEqual(await paymentsOf(), [{ status: 'paid' }]);
    while ((await t.app.jobs.runDue()) > 0);
    assert.equal(smtp.for(email).length, 1, 'one receipt, however often it was recorded');

    // A bank debit: the session completes unpaid, and is thanked once Stripe says it settled.
    const slow = await startCheckout(reader, { amount: '30', currency: 'EUR', frequency: 'one-off', email: 'slow@readers.example' });
    const slowId = /cs_test_\w+/.exec(slow.location)![0];
    const slowThanks = () => reader.get(`/support/thanks?checkout=${slow.call.params.get('metadata[checkout_id]')}`);
    api.pay(slowId, { paymentStatus: 'unpaid', country: 'DE' });
    assert.match((await slowThanks()).body, /Your payment is on its way/, 'complete, but the money has not arrived');
    assert.deepEqual(await rowsOf(sql`select status from payments where provider_ref = ${slowId}`), [{ status: 'pending' }]);
    api.pay(slowId, { paymentStatus: 'paid', country: 'DE' });
    const settled = await slowThanks();
    assert.match(settled.body, /Your contribution of €30 keeps/);
    assert.match(settled.body, /data-island="support-thanks"/);
    assert.deepEqual(await rowsOf(sql`select status from payments where provider_ref = ${slowId}`), [{ status: 'paid' }]);

    // A debit that fails after the reader came back: told so, on the same page.
    const failing = await startCheckout(reader, { amount: '40', currency: 'EUR', frequency: 'one-off', email: 'bounced@readers.example' });
    const failingId = /cs_test_\w+/.exec(failing.location)![0];
    const failingCheckout = failing.call.params.get('metadata[checkout_id]')!;
    api.pay(failingId, { paymentStatus: 'unpaid', country: 'DE' });
    assert.match((await reader.get(`/support/thanks?checkout=${failingCheckout}`)).body, /on its way/);
    const bounced = event('evt_bounced', 'checkout.session.async_payment_failed', {
      id: failingId,
      mode: 'payment',
      payment_status: 'unpaid',
      amount_total: 4000,
      currency: 'eur',
      metadata: { checkout_id: failingCheckout, frequency: 'one-off' },
      customer_details: { email: 'bounced@readers.example' },
    });
    assert.equal((await hook(bounced)).json().outcome, 'payment-failed');
    const told = await reader.get(`/support/thanks?checkout=${failingCheckout}`);
    assert.match(told.body, /Your payment did not go through/);
    assert.doesNotMatch(told.body, /data-island="support-thanks"/);

    // A monthly gift: thanked as soon as Stripe says the subscription began.
    const monthly = await startCheckout(reader, { amount: '5', currency: 'EUR', frequency: 'monthly', email: 'monthly@readers.example' });
    const monthlyId = /cs_test_\w+/.exec(monthly.location)![0];
    api.pay(monthlyId, { paymentStatus: 'paid', country: 'IE', subscription: 'sub_early', customer: 'cus_early' });
    assert.match(
      (await reader.get(`/support/thanks?checkout=${monthly.call.params.get('subscription_data[metadata][checkout_id]')}`)).body,
      /Your contribution of €5 every month keeps/,
    );
    assert.deepEqual(await rowsOf(sql`select status, customer_ref from recurring_contributions where provider_ref = 'sub_early'`), [
      { status: 'active', customer_ref: 'cus_early' },
    ]);

    // Reloaded without end while Stripe still says "open", the page stops asking after twenty.
    const idle = await startCheckout(reader, { amount: '7', currency: 'EUR', frequency: 'one-off', email: 'reloader@readers.example' });
    const idleSession = /cs_test_\w+/.exec(idle.location)![0];
    for (let i = 0; i < 25; i++)
      assert.match((await reader.get(`/support/thanks?checkout=${idle.call.params.get('metadata[checkout_id]')}`)).body, /on its way/);
    assert.equal(api.calls.filter((c) => c.path === `/v1/checkout/sessions/${idleSession}`).length, 20);
  });
});
