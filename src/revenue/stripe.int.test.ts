import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { startStripeApi } from '../../test/support/stripe-api.ts';
import { SHARED_TESTDATA, testdata } from '../../test/support/testdata.ts';
import { loadConfig } from '../platform/config.ts';

const SECRET_KEY = 'sk_test_masthead0001';
const WEBHOOK_SECRET = 'whsec_masthead_test_0001';
const stripe = new Stripe(SECRET_KEY);
const OWN_EVENTS = path.resolve(import.meta.dirname, '../../test/fixtures/stripe');
const fixture = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

/**
 * Stripe connected: checkouts opened through its API (a stand-in on loopback speaking its
 * protocol), webhooks verified by signature and recorded exactly once, in any order, with
 * events shaped as Stripe publishes them: our own (test/fixtures/stripe) and, when the shared
 * corpora are beside the repository, those built from Stripe's published fixtures.
 */
describe(`Stripe on ${engine}: checkout, signed webhooks, exactly once`, () => {
  let t: TestApp;
  let api: Awaited<ReturnType<typeof startStripeApi>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const now = new Date('2026-11-27T12:00:00Z');
  const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const hook = (payload: string, signature?: string | null, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      payload,
      headers: {
        'content-type': 'application/json',
        ...(signature === null ? {} : { 'stripe-signature': signature ?? stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) }),
        ...headers,
      },
    });
  const event = (id: string, type: string, object: Record<string, unknown>) =>
    JSON.stringify({ id, object: 'event', type, created: Math.floor(now.getTime() / 1000), api_version: '2026-10-28.endive', data: { object } });

  before(async () => {
    api = await startStripeApi(SECRET_KEY);
    smtp = await startSmtp();
    t = await createTestApp({
      now: () => now,
      env: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: api.url, SMTP_URL: smtp.url },
    });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await api.stop();
    await smtp.stop();
  });

  async function startCheckout(agent: Agent, fields: Record<string, string>) {
    const form = await agent.get('/support');
    assert.doesNotMatch(form.body, /Test mode/, 'no test banner once Stripe is connected');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const started = await agent.post('/support', { _csrf: csrf, email: 'donor@readers.example', ...fields });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    return { location: started.headers.location as string, call: api.calls.at(-1)! };
  }

  it('opens a Stripe Checkout for a one-off gift, then records the signed event once and e-mails a receipt', async () => {
    const { location, call } = await startCheckout(new Agent(t.app), { amount: '15', currency: 'USD', frequency: 'one-off' });
    assert.match(location, /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    assert.equal(call.path, '/v1/checkout/sessions');
    assert.equal(call.params.get('mode'), 'payment');
    assert.equal(call.params.get('line_items[0][price_data][unit_amount]'), '1500');
    assert.equal(call.params.get('line_items[0][price_data][currency]'), 'usd');
    assert.equal(call.params.get('customer_email'), 'donor@readers.example');
    assert.equal(call.params.get('submit_type'), 'donate');
    const checkoutId = call.params.get('metadata[checkout_id]')!;
    assert.equal(call.idempotencyKey, `checkout-${checkoutId}`);
    const sessionId = /cs_test_\w+/.exec(location)![0];

    const completed = event('evt_one_off_1', 'checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 1500,
      currency: 'usd',
      metadata: { checkout_id: checkoutId, frequency: 'one-off' },
      client_reference_id: checkoutId,
      customer: null,
      subscription: null,
      customer_details: { email: 'donor@readers.example', address: { country: 'US' } },
    });
    const first = await hook(completed);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().outcome, 'payment-paid');
    assert.equal((await hook(completed)).json().outcome, 'duplicate', 'a replay changes nothing');
    assert.deepEqual(await rowsOf(sql`select amount_minor, currency, status, checkout_id from payments where provider_ref = ${sessionId}`), [
      { amount_minor: 1500, currency: 'USD', status: 'paid', checkout_id: checkoutId },
    ]);
    while ((await t.app.jobs.runDue()) > 0);
    const mails = smtp.for('donor@readers.example');
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /^Your contribution to .*: \$15$/);
  });

  it('refuses events without a valid, fresh signature: 400, nothing recorded', async () => {
    const payload = event('evt_forged', 'checkout.session.completed', {
      id: 'cs_forged',
      mode: 'payment',
      payment_status: 'paid',
      amount_total: 999900,
      currency: 'usd',
      metadata: {},
      customer_details: { email: 'x@y.example' },
    });
    const cases: [string | null, RegExp][] = [
      [null, /signature/],
      ['t=1,v1=deadbeef', /signature/],
      [stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' }), /signature/],
      [
        stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
        /too old|tolerance|Timestamp/i,
      ],
      [stripe.webhooks.generateTestHeaderString({ payload: payload.replace('999900', '1'), secret: WEBHOOK_SECRET }), /signature/],
    ];
    for (const [signature, message] of cases) {
      const answer = await hook(payload, signature);
      assert.equal(answer.statusCode, 400, `${signature}: ${answer.body}`);
      assert.match(answer.json().error.message, message);
    }
    const notJson = 'not json at all';
    assert.equal((await hook(notJson)).statusCode, 400);
    assert.equal((await hook(payload, undefined, { 'content-type': 'text/plain' })).statusCode, 415);
    assert.deepEqual(await rowsOf(sql`select event_id from payment_events where event_id = 'evt_forged'`), []);
    assert.deepEqual(await rowsOf(sql`select id from payments where provider_ref = 'cs_forged'`), []);
  });

  it('answers a signed event it cannot read with a 422 naming the field, records nothing, and never fails on hostile text', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'evt_odd_amount',
        'checkout.session.completed',
        { id: 'cs_odd_1', mode: 'payment', payment_status: 'paid', amount_total: '15.00', currency: 'usd' },
        'amount_total',
      ],
      ['evt_odd_currency', 'checkout.session.completed', { id: 'cs_odd_2', mode: 'payment', payment_status: 'paid', amount_total: 100 }, 'currency'],
      [
        'evt_odd_negative',
        'checkout.session.completed',
        { id: 'cs_odd_3', mode: 'payment', payment_status: 'paid', amount_total: -5, currency: 'usd' },
        'amount_total',
      ],
      [
        'evt_odd_huge',
        'invoice.paid',
        { id: 'in_odd', amount_paid: 1e12, currency: 'usd', parent: { subscription_details: { subscription: 'sub_odd' } } },
        'amount_paid',
      ],
      ['evt_odd_refund', 'charge.refunded', { id: 'ch_odd', amount_refunded: 1.5, currency: 'usd', payment_intent: 'pi_odd' }, 'amount_refunded'],
      ['evt_odd_id', 'checkout.session.completed', { id: { nested: true }, mode: 'payment', payment_status: 'paid', amount_total: 100, currency: 'usd' }, 'id'],
      ['evt_odd_null', 'checkout.session.completed', null, 'data'],
    ];
    for (const [id, type, object, field] of cases) {
      const answer = await hook(JSON.stringify({ id, object: 'event', type, created: Math.floor(now.getTime() / 1000), data: { object } }));
      assert.equal(answer.statusCode, 422, `${id}: ${answer.body}`);
      assert.equal(answer.json().error.field, field, id);
      assert.match(answer.json().error.message, /Nothing was recorded/);
    }
    assert.equal((await hook(JSON.stringify({ object: 'event', type: 'checkout.session.completed' }))).statusCode, 422, 'no id at all');
    assert.deepEqual(await rowsOf(sql`select event_id from payment_events where event_id like 'evt_odd%'`), []);

    // Hostile text where Stripe puts the reader's details: taken as text or refused, never a 500.
    let n = 0;
    for (const text of [...testdata.xss().slice(0, 40), ...testdata.sqli().slice(0, 20), ...testdata.naughty().slice(0, 60)]) {
      const session = {
        id: `cs_hostile_${++n}`,
        mode: 'payment',
        payment_status: 'paid',
        amount_total: 500,
        currency: 'usd',
        metadata: { checkout_id: text, frequency: text },
        client_reference_id: text,
        customer: text,
        customer_details: { email: text, address: { country: text } },
      };
      const answer = await hook(event(`evt_hostile_${n}`, 'checkout.session.completed', session));
      assert.ok([200, 422].includes(answer.statusCode), `${JSON.stringify(text)}: ${answer.statusCode} ${answer.body}`);
    }
    const stored = await rowsOf<{ country: string }>(sql`select distinct country from payments where provider_ref like 'cs_hostile_%'`);
    assert.deepEqual(stored, [{ country: '' }], 'no hostile text kept as a country');
  });

  it('records events shaped as Stripe publishes them (a paid and a pending checkout made elsewhere, an invoice of a subscription we never saw begin), once each', async () => {
    const names = ['checkout.session.completed.paid.json', 'checkout.session.completed.unpaid.json', 'invoice.paid.json'];
    const outcomes = ['payment-paid-without-checkout', 'payment-pending-without-checkout', 'charge-paid'];
    for (const dir of [OWN_EVENTS, ...(SHARED_TESTDATA ? [path.join(SHARED_TESTDATA, 'stripe')] : [])]) {
      for (const [i, name] of names.entries()) assert.equal((await hook(fixture(dir, name))).json().outcome, outcomes[i], `${dir}/${name}`);
      for (const name of names) assert.equal((await hook(fixture(dir, name))).json().outcome, 'duplicate', `${dir}/${name} again`);
    }
    assert.deepEqual(
      await rowsOf(
        sql`select amount_minor, currency, status, country, email from payments where provider_ref = 'cs_test_b2MastheadOwnPaidSession7Hq4Vn0Lx8Rw3Tz6Yc1Kp5Jm9Df2Gs'`,
      ),
      [{ amount_minor: 3000, currency: 'EUR', status: 'paid', country: 'IE', email: 'niamh.ni.bhriain@example.ie' }],
    );
    assert.deepEqual(
      await rowsOf(
        sql`select amount_minor, currency, status, country from payments where provider_ref = 'cs_test_b2MastheadOwnSepaDebitSession0Wq3Er6Ty9Ui2Op5As8Dfg'`,
      ),
      [{ amount_minor: 1200, currency: 'EUR', status: 'pending', country: 'FR' }],
    );
    assert.deepEqual(await rowsOf(sql`select status from recurring_contributions where provider_ref = 'sub_MastheadOwnMonthly03'`), [{ status: 'active' }]);
    if (SHARED_TESTDATA) {
      assert.deepEqual(
        await rowsOf(
          sql`select amount_minor, currency, status, country, email from payments where provider_ref = 'cs_test_a1HeldOut9dQm2VtZbK3xW7pLrN4sYc8uFgE5hJ6kT0vB1nM2qR3wX4yZ'`,
        ),
        [{ amount_minor: 2500, currency: 'GBP', status: 'paid', country: 'GB', email: 'zoe.oconnor@example.com' }],
      );
      assert.deepEqual(await rowsOf(sql`select status from recurring_contributions where provider_ref = 'sub_HeldOutMonthly01'`), [{ status: 'active' }]);
    }
    const unknown = await hook(event('evt_other_1', 'customer.created', { id: 'cus_1', object: 'customer' }));
    assert.equal(unknown.statusCode, 200);
    assert.equal(unknown.json().outcome, 'ignored');
    assert.deepEqual(await rowsOf(sql`select outcome from payment_events where event_id = 'evt_other_1'`), [{ outcome: 'ignored' }]);
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

  it('needs both Stripe settings, well formed', () => {
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: SECRET_KEY }), /STRIPE_WEBHOOK_SECRET/);
    assert.throws(() => loadConfig({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }), /STRIPE_SECRET_KEY/);
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: 'pk_test_public', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }), /secret or restricted key/);
  });
});
