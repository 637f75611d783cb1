import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/support/app.ts';
import { engine } from '../../test/support/database.ts';
import type { ProviderEvent } from './contributions/events.ts';
import { applyProviderEvent } from './contributions/service.ts';
import { openSandboxApp, serviceDeps } from './contributions.fixtures.ts';

/**
 * Recording what a payment provider tells us exactly once, whatever the order its events
 * arrive in, on the same sandbox setup as the contribution flow (contributions.int.test.ts).
 */
describe(`contributions on ${engine}: recording provider events once`, () => {
  let t: TestApp;
  let close: () => Promise<void>;
  const now = new Date('2026-11-27T12:00:00Z');
  const deps = () => serviceDeps(t, now);

  before(async () => {
    ({ t, close } = await openSandboxApp(() => now));
  });
  after(async () => {
    await close();
  });

  it('records each provider event once, whatever the order: replays, an invoice before its checkout, a late "pending" after "paid", unknown types', async () => {
    const giver = { email: 'early@readers.example', country: 'US' };
    const at = now;
    const event = (eventId: string, e: ProviderEvent['event'], type = 'x'): ProviderEvent => ({ provider: 'sandbox', eventId, type, at, event: e });
    const invoice = event('evt_inv_1', {
      kind: 'invoice',
      invoiceRef: 'in_1',
      subscriptionRef: 'sub_early',
      customerRef: null,
      paid: true,
      amountMinor: 1500,
      currency: 'usd',
      frequency: 'monthly',
      giver,
      checkoutId: null,
    });
    assert.equal(await applyProviderEvent(deps(), invoice), 'charge-paid', 'the invoice came first: the recurring contribution is made from it');
    assert.equal(await applyProviderEvent(deps(), invoice), 'duplicate');
    assert.equal(
      await applyProviderEvent(deps(), event('evt_inv_1_again', { ...(invoice.event as object), kind: 'invoice' } as ProviderEvent['event'])),
      'charge-paid',
      'a new event about the same invoice',
    );
    const checkout = event('evt_cs_1', {
      kind: 'checkout',
      checkoutRef: 'cs_early',
      checkoutId: null,
      status: 'paid',
      amountMinor: 1500,
      currency: 'usd',
      frequency: 'monthly',
      subscriptionRef: 'sub_early',
      customerRef: 'cus_1',
      giver,
      paymentRef: null,
    });
    assert.equal(await applyProviderEvent(deps(), checkout), 'subscribed');
    const byRef = (await t.db.database.db.execute(sql`select count(*)::int as n from recurring_contributions where provider_ref = 'sub_early'`)) as unknown as {
      rows: { n: number }[];
    };
    assert.equal(byRef.rows[0]!.n, 1);
    const charges = (await t.db.database.db.execute(sql`select count(*)::int as n from payments where provider_ref = 'in_1'`)) as unknown as {
      rows: { n: number }[];
    };
    assert.equal(charges.rows[0]!.n, 1, 'one charge, not two');

    const paidOnce = event('evt_cs_2_paid', {
      kind: 'checkout',
      checkoutRef: 'cs_2',
      checkoutId: null,
      status: 'paid',
      amountMinor: 2500,
      currency: 'gbp',
      frequency: 'one-off',
      subscriptionRef: null,
      customerRef: null,
      giver,
      paymentRef: 'pi_2',
    });
    const latePending = event('evt_cs_2_pending', {
      kind: 'checkout',
      checkoutRef: 'cs_2',
      checkoutId: null,
      status: 'pending',
      amountMinor: 2500,
      currency: 'gbp',
      frequency: 'one-off',
      subscriptionRef: null,
      customerRef: null,
      giver,
      paymentRef: 'pi_2',
    });
    assert.equal(await applyProviderEvent(deps(), paidOnce), 'payment-paid-without-checkout');
    await applyProviderEvent(deps(), latePending);
    const cs2 = (await t.db.database.db.execute(sql`select status from payments where provider_ref = 'cs_2'`)) as unknown as { rows: { status: string }[] };
    assert.deepEqual(cs2.rows, [{ status: 'paid' }]);

    const failedCharge = event('evt_inv_2', {
      kind: 'invoice',
      invoiceRef: 'in_2',
      subscriptionRef: 'sub_early',
      customerRef: null,
      paid: false,
      amountMinor: 1500,
      currency: 'usd',
      frequency: 'monthly',
      giver,
      checkoutId: null,
    });
    assert.equal(await applyProviderEvent(deps(), failedCharge), 'charge-failed');
    const status = async () =>
      (
        (await t.db.database.db.execute(sql`select status from recurring_contributions where provider_ref = 'sub_early'`)) as unknown as {
          rows: { status: string }[];
        }
      ).rows[0]!.status;
    assert.equal(await status(), 'past_due');
    assert.equal(
      await applyProviderEvent(
        deps(),
        event('evt_inv_3', {
          kind: 'invoice',
          invoiceRef: 'in_3',
          subscriptionRef: 'sub_early',
          customerRef: null,
          paid: true,
          amountMinor: 1500,
          currency: 'usd',
          frequency: 'monthly',
          giver,
          checkoutId: null,
        }),
      ),
      'charge-paid',
    );
    assert.equal(await status(), 'active', 'paid again: active again');
    assert.equal(await applyProviderEvent(deps(), event('evt_end', { kind: 'subscription-ended', subscriptionRef: 'sub_early' })), 'cancelled');
    assert.equal(
      await applyProviderEvent(deps(), event('evt_end_unknown', { kind: 'subscription-ended', subscriptionRef: 'sub_never' })),
      'unknown-subscription',
    );
    assert.equal(await applyProviderEvent(deps(), event('evt_unknown', null, 'customer.created')), 'ignored');
    assert.equal(await applyProviderEvent(deps(), event('evt_unknown', null, 'customer.created')), 'duplicate');
    const recorded = (await t.db.database.db.execute(sql`select outcome from payment_events where event_id = 'evt_unknown'`)) as unknown as {
      rows: { outcome: string }[];
    };
    assert.deepEqual(recorded.rows, [{ outcome: 'ignored' }]);
  });
});
