import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { startStripeApi } from '../../test/support/stripe-api.ts';
import { csrfOf, linkIn } from './manage.fixtures.ts';

const SECRET_KEY = 'sk_test_masthead_manage';
const WEBHOOK_SECRET = 'whsec_masthead_manage';

/**
 * A donor changes or stops a recurring contribution made through Stripe with the signed link in
 * their receipt: the change is made at Stripe (a stand-in on loopback), and refused cleanly while
 * Stripe is down. The link itself (sandbox) is tested in manage.int.test.ts.
 */
describe(`the receipt's link to a recurring contribution, Stripe, on ${engine}`, () => {
  let t: TestApp;
  let api: Awaited<ReturnType<typeof startStripeApi>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const now = new Date('2026-11-27T12:00:00Z');
  const stripe = new Stripe(SECRET_KEY);
  const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const hook = (id: string, type: string, object: Record<string, unknown>) => {
    const payload = JSON.stringify({ id, object: 'event', type, created: Math.floor(now.getTime() / 1000), data: { object } });
    return t.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
    });
  };

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

  it('changes the subscription at Stripe from the next charge, then cancels it there; Stripe’s own event afterwards changes nothing', async () => {
    api.subscribe('sub_manage_1', { customer: 'cus_manage_1', amountMinor: 1000, currency: 'usd', interval: 'month' });
    const paid = await hook('evt_manage_inv_1', 'invoice.paid', {
      id: 'in_manage_1',
      object: 'invoice',
      amount_paid: 1000,
      currency: 'usd',
      customer: 'cus_manage_1',
      customer_email: 'pat@readers.example',
      parent: { subscription_details: { subscription: 'sub_manage_1', metadata: { frequency: 'monthly' } } },
    });
    assert.equal(paid.json().outcome, 'charge-paid');
    while ((await t.app.jobs.runDue()) > 0);
    const [receipt] = smtp.for('pat@readers.example');
    assert.ok(receipt);
    assert.doesNotMatch(receipt.subject, /TEST/);
    const { path, token } = linkIn(receipt);
    const donor = new Agent(t.app, '192.0.2.60');
    const page = await donor.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /\$10 every month/);
    assert.doesNotMatch(page.body, /sandbox/);
    const csrf = csrfOf(page.body);

    const calls = api.calls.length;
    assert.equal((await donor.post('/support/contribution/change', { _csrf: csrf, token, amount: '25', frequency: 'monthly' })).statusCode, 303);
    const update = api.calls.slice(calls).find((c) => c.path === '/v1/subscriptions/sub_manage_1' && c.params.has('items[0][id]'));
    assert.ok(update, 'the subscription is updated at Stripe');
    assert.equal(update.params.get('items[0][price_data][unit_amount]'), '2500');
    assert.equal(update.params.get('items[0][price_data][recurring][interval]'), 'month');
    assert.equal(update.params.get('proration_behavior'), 'none');
    const price = (api.subscriptions.get('sub_manage_1')!.items as { data: { price: { unit_amount: number } }[] }).data[0]!.price;
    assert.equal(price.unit_amount, 2500);
    assert.deepEqual(await rowsOf(sql`select amount_minor, status from recurring_contributions where provider_ref = 'sub_manage_1'`), [
      { amount_minor: 2500, status: 'active' },
    ]);

    api.down = true;
    const failed = await donor.post('/support/contribution/stop', { _csrf: csrf, token });
    api.down = false;
    assert.equal(failed.statusCode, 503, 'Stripe down: a clear answer, not a crash');
    assert.match(failed.body, /Stripe did not take the change just now, so nothing was changed/);
    assert.deepEqual(
      await rowsOf(sql`select status from recurring_contributions where provider_ref = 'sub_manage_1'`),
      [{ status: 'active' }],
      'not stopped here while Stripe did not stop it',
    );

    assert.equal((await donor.post('/support/contribution/stop', { _csrf: csrf, token })).statusCode, 303);
    assert.equal(api.subscriptions.get('sub_manage_1')!.status, 'canceled');
    assert.deepEqual(await rowsOf(sql`select status from recurring_contributions where provider_ref = 'sub_manage_1'`), [{ status: 'cancelled' }]);
    // A subscription Stripe has already ended (its event not yet here) is stopped all the same.
    api.subscribe('sub_manage_gone', { customer: 'cus_manage_1', amountMinor: 500, currency: 'usd', interval: 'month' });
    await hook('evt_manage_inv_gone', 'invoice.paid', {
      id: 'in_manage_gone',
      object: 'invoice',
      amount_paid: 500,
      currency: 'usd',
      customer: 'cus_manage_1',
      customer_email: 'pat@readers.example',
      parent: { subscription_details: { subscription: 'sub_manage_gone', metadata: { frequency: 'monthly' } } },
    });
    api.subscriptions.delete('sub_manage_gone');
    while ((await t.app.jobs.runDue()) > 0);
    const gone = linkIn(smtp.for('pat@readers.example').find((m) => /\$5 every month/.test(m.subject))!);
    assert.equal((await donor.post('/support/contribution/stop', { _csrf: csrf, token: gone.token })).statusCode, 303);
    assert.deepEqual(await rowsOf(sql`select status from recurring_contributions where provider_ref = 'sub_manage_gone'`), [{ status: 'cancelled' }]);
    const ended = await hook('evt_manage_end_1', 'customer.subscription.deleted', { id: 'sub_manage_1', object: 'subscription', status: 'canceled' });
    assert.equal(ended.statusCode, 200);
    assert.match((await donor.get(path)).body, /This contribution is stopped/);
  });
});
