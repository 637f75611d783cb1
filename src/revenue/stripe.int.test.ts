import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/support/app.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { sharedPath, testdata } from '../../test/support/testdata.ts';
import { loadConfig } from '../platform/config.ts';
import {
  openStripeApp,
  postWebhook,
  SECRET_KEY,
  startStripeCheckout,
  stripe,
  stripeEvent,
  WEBHOOK_SECRET,
  type Smtp,
  type StripeApi,
} from './stripe.fixtures.ts';

const OWN_EVENTS = path.resolve(import.meta.dirname, '../../test/fixtures/stripe');
const fixture = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

/**
 * Stripe connected: checkouts opened through its API (a stand-in on loopback speaking its
 * protocol), webhooks verified by signature and recorded exactly once, in any order, with
 * events shaped as Stripe publishes them: our own (test/fixtures/stripe) and, when the shared
 * corpora are beside the repository, those built from Stripe's published fixtures. A reader's
 * monthly gift and their return from Stripe are in stripe-readers.int.test.ts.
 */
describe(`Stripe on ${engine}: checkout, signed webhooks, exactly once`, () => {
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
    // The shared corpus's events too when all three are there (CI has them).
    const sharedEvents = names.every((name) => sharedPath('stripe', name)) ? sharedPath('stripe') : null;
    for (const dir of [OWN_EVENTS, ...(sharedEvents ? [sharedEvents] : [])]) {
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
    if (sharedEvents) {
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

  it('needs both Stripe settings, well formed', () => {
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: SECRET_KEY }), /STRIPE_WEBHOOK_SECRET/);
    assert.throws(() => loadConfig({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }), /STRIPE_SECRET_KEY/);
    assert.throws(() => loadConfig({ STRIPE_SECRET_KEY: 'pk_test_public', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET }), /secret or restricted key/);
  });
});
