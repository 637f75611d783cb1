import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { signedInReader, signedInStaff } from '../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../test/support/agent.ts';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { startStripeApi } from '../../test/support/stripe-api.ts';
import { rows } from '../platform/db/database.ts';

const SECRET_KEY = 'sk_test_masthead_erasure';
const WEBHOOK_SECRET = 'whsec_masthead_erasure';
const stripe = new Stripe(SECRET_KEY);

/**
 * A reader who gave while signed out, under the address of the account they later delete:
 * that giving is theirs in the download, and the erasure stops it at Stripe (through the same
 * path as the donor's own link, without writing to them), forgets Stripe's customer, and takes
 * the address off what the accounts keep. Others' giving, and giving under the address of an
 * account that never proved it owns it, are left alone.
 */
describe(`giving made signed out, when its giver's account is downloaded and erased, on ${engine}`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let api: Awaited<ReturnType<typeof startStripeApi>>;
  // The real time: the job queue's backoff is counted by the database's clock.
  let clock = new Date();
  const q = <T>(query: ReturnType<typeof sql>) => rows<T>(t.db.database.db, query);
  const hook = async (id: string, type: string, object: Record<string, unknown>) => {
    const payload = JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), api_version: '2026-10-28.endive', data: { object } });
    const answer = await t.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
    });
    return answer.json().outcome as string;
  };
  /** A monthly gift through Stripe, begun on the support page by someone not signed in unless `agent` is given. */
  async function giveMonthly(email: string, ref: string, agent = new Agent(t.app, '198.51.100.61')) {
    const form = await agent.get('/support');
    assert.equal((await agent.post('/support', { _csrf: csrfOf(form.body), email, amount: '7', currency: 'EUR', frequency: 'monthly' })).statusCode, 303);
    const checkoutId = api.calls.at(-1)!.params.get('subscription_data[metadata][checkout_id]')!;
    api.subscribe(`sub_${ref}`, { customer: `cus_${ref}`, amountMinor: 700, currency: 'eur', interval: 'month' });
    const metadata = { checkout_id: checkoutId, frequency: 'monthly' };
    assert.equal(
      await hook(`evt_${ref}_sub`, 'checkout.session.completed', {
        id: `cs_${ref}`,
        mode: 'subscription',
        payment_status: 'paid',
        amount_total: 700,
        currency: 'eur',
        metadata,
        customer: `cus_${ref}`,
        subscription: `sub_${ref}`,
        customer_details: { email, address: { country: 'IE' } },
      }),
      'subscribed',
    );
    assert.equal(
      await hook(`evt_${ref}_inv`, 'invoice.paid', {
        id: `in_${ref}`,
        object: 'invoice',
        amount_paid: 700,
        currency: 'eur',
        customer_email: email,
        parent: { type: 'subscription_details', subscription_details: { subscription: `sub_${ref}`, metadata } },
      }),
      'charge-paid',
    );
    return (await q<{ id: string }>(sql`select id from recurring_contributions where provider_ref = ${`sub_${ref}`}`))[0]!.id;
  }

  let rae: { agent: Agent; id: string };
  let una: Awaited<ReturnType<typeof signedInStaff>>;
  let raes: string;
  let olas: string;
  let unas: string;
  let unasForRae: string;

  before(async () => {
    smtp = await startSmtp();
    api = await startStripeApi(SECRET_KEY);
    t = await createTestApp({
      now: () => clock,
      env: { SMTP_URL: smtp.url, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: api.url },
    });
    await seedBasics(t);
    const agent = await signedInReader(t, (to) => smtp.for(to), 'rae@readers.example', 'a long enough passphrase', '203.0.113.61');
    rae = { agent, id: (await q<{ id: string }>(sql`select id from users where email = 'rae@readers.example'`))[0]!.id };
    // An account whose address was never confirmed: anyone could have typed it.
    una = await signedInStaff(t, 'reader', 'Una Unproven', '203.0.113.62', clock);
    raes = await giveMonthly('Rae@Readers.EXAMPLE', 'rae_out');
    olas = await giveMonthly('ola@readers.example', 'ola');
    unas = await giveMonthly('una.unproven@newsroom.example', 'una');
    // Una, signed in, gives with Rae's address for the receipts: hers, by her account, not Rae's.
    unasForRae = await giveMonthly('rae@readers.example', 'una_for_rae', una.agent);
  });
  after(async () => {
    await t.close();
    await api.stop();
    await smtp.stop();
  });

  it("the download holds giving made signed out under the account's confirmed address, whatever its case, and no one else's", async () => {
    const download = await rae.agent.get('/account/data');
    assert.equal(download.statusCode, 200, download.body.slice(0, 300));
    const giving = download.json().contributions;
    assert.deepEqual(
      giving.recurring.map((r: { id: string }) => r.id),
      [raes],
    );
    assert.deepEqual(
      giving.payments.map((p: { amountMinor: number; email: string }) => [p.amountMinor, p.email]),
      [[700, 'Rae@Readers.EXAMPLE']],
    );
    assert.equal(giving.checkouts.length, 1);
    assert.equal(giving.receipts.length, 1);
    assert.doesNotMatch(download.body, /ola@|sub_ola|cus_ola|una\.unproven|una_for_rae/);
    assert.ok(!download.body.includes(unasForRae), "another account's giving is not Rae's, whatever address it went to");

    // Una's download holds what she gave signed in, not what was given signed out under her unconfirmed address.
    const unproven = (await una.agent.get('/account/data')).json().contributions;
    assert.deepEqual(
      unproven.recurring.map((r: { id: string }) => r.id),
      [unasForRae],
    );
    assert.deepEqual([unproven.payments.length, unproven.checkouts.length], [1, 1]);
  });

  it('the erasure stops it at Stripe through the one stopping path, without a mail; deletes the Stripe customer, retried; and keeps payments without the address', async () => {
    const form = await rae.agent.get('/account');
    assert.equal((await rae.agent.post('/account/delete', { _csrf: csrfOf(form.body), comments: 'keep', confirm: 'on' })).statusCode, 303);
    await t.db.database.db.execute(sql`update users set delete_at = delete_at - interval '15 days' where id = ${rae.id}`);
    await t.db.database.db.execute(sql`update jobs set run_at = run_at - interval '15 days' where name = 'accounts.erase' and state = 'queued'`);
    const mailsBefore = smtp.inbox.length;
    api.downFor = /^\/v1\/customers\//; // Stripe stops subscriptions, but deleting customers fails just then
    clock = new Date();
    while ((await t.app.jobs.runDue()) > 0);

    // Stopped at Stripe, and recorded as the donor's own stop is: through a provider event, once.
    assert.equal(api.subscriptions.get('sub_rae_out')!.status, 'canceled');
    assert.deepEqual(await q(sql`select status from recurring_contributions where id = ${raes}`), [{ status: 'cancelled' }]);
    assert.deepEqual(await q(sql`select type, outcome from payment_events where event_id = 'stopped_on_erasure_sub_rae_out'`), [
      { type: 'customer.subscription.deleted', outcome: 'cancelled' },
    ]);
    assert.deepEqual(
      smtp.inbox.slice(mailsBefore).filter((m) => /is stopped/.test(m.subject)),
      [],
      'the erased reader is not written to',
    );
    // The customer's deletion failed: its reference stays, for the retry to use.
    const [job] = await q<{ state: string; last_error: string }>(
      sql`select state, last_error from jobs where name = 'revenue.cancel-recurring' and payload->>'recurringId' = ${raes}`,
    );
    assert.equal(job!.state, 'queued');
    assert.ok(job!.last_error);
    assert.deepEqual(await q(sql`select customer_ref from recurring_contributions where id = ${raes}`), [{ customer_ref: 'cus_rae_out' }]);

    api.downFor = null;
    clock = new Date(Date.now() + 10 * 60_000);
    while ((await t.app.jobs.runDue()) > 0);
    assert.equal(api.customers.has('cus_rae_out'), false);
    assert.deepEqual([...new Set(api.calls.filter((c) => c.path === '/v1/customers/cus_rae_out').map((c) => c.idempotencyKey))], [`delete-customer-${raes}`]);
    assert.deepEqual(await q(sql`select email, user_id, customer_ref from recurring_contributions where id = ${raes}`), [
      { email: '', user_id: null, customer_ref: null },
    ]);
    assert.deepEqual(await q(sql`select amount_minor, email from payments where recurring_id = ${raes}`), [{ amount_minor: 700, email: '' }]);
    assert.deepEqual(await q(sql`select count(*)::int as n from checkouts where email = 'Rae@Readers.EXAMPLE' or user_id = ${rae.id}`), [{ n: 0 }]);

    // Others' giving goes on as it was.
    for (const [id, ref, email] of [
      [olas, 'ola', 'ola@readers.example'],
      [unas, 'una', 'una.unproven@newsroom.example'],
      [unasForRae, 'una_for_rae', 'rae@readers.example'],
    ] as const) {
      assert.deepEqual(await q(sql`select status, email, customer_ref from recurring_contributions where id = ${id}`), [
        { status: 'active', email, customer_ref: `cus_${ref}` },
      ]);
      assert.equal(api.subscriptions.get(`sub_${ref}`)!.status, 'active');
      assert.ok(api.customers.has(`cus_${ref}`));
    }
  });
});
