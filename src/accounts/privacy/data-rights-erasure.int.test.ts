import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { csrfOf } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';
import { closeReaderEverywhere, seedReaderEverywhere, type ReaderEverywhere } from '../../../test/support/data-rights.ts';

/**
 * "Delete my account" across every domain, through the app as a reader uses it (see
 * seedReaderEverywhere for what she has), and Stripe told to stop her gifts.
 */
describe(`data rights on ${engine}: the erasure reaches every domain`, () => {
  // Kept at the real time: the job queue's backoff is counted by the database's clock, and a
  // clock of ours days ahead would make every retry due at once.
  let clock = new Date();
  let seeded: ReaderEverywhere;
  let t: ReaderEverywhere['t'];
  let smtp: ReaderEverywhere['smtp'];
  let api: ReaderEverywhere['api'];
  let q: ReaderEverywhere['q'];
  let pia: ReaderEverywhere['pia'];
  let piaComment: ReaderEverywhere['piaComment'];
  let recurringId: ReaderEverywhere['recurringId'];

  before(async () => {
    seeded = await seedReaderEverywhere(() => clock);
    ({ t, smtp, api, q, pia, piaComment, recurringId } = seeded);
  });
  after(() => closeReaderEverywhere(seeded));

  it('erases in every domain: alerts, follows, notices, flags, recommendations, sanctions go; payments kept without the address; Stripe told to stop, retried until it answers', async () => {
    const form = await pia.agent.get('/account');
    assert.equal((await pia.agent.post('/account/delete', { _csrf: csrfOf(form.body), comments: 'keep', confirm: 'on' })).statusCode, 303);
    // The 14 days of grace have passed.
    await t.db.database.db.execute(sql`update users set delete_at = delete_at - interval '15 days' where id = ${pia.id}`);
    await t.db.database.db.execute(sql`update jobs set run_at = run_at - interval '15 days' where name = 'accounts.erase' and state = 'queued'`);
    clock = new Date();
    api.down = true; // Stripe has an outage just then
    await t.app.jobs.runDue();

    const count = async (table: string, where: ReturnType<typeof sql>) =>
      (await q<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`))[0]!.n;
    assert.equal((await q<{ state: string }>(sql`select state from users where id = ${pia.id}`))[0]!.state, 'erased');
    assert.equal(await count('push_subscriptions', sql`user_id = ${pia.id}`), 0);
    assert.equal(await count('reader_follows', sql`follower_id = ${pia.id} or followee_id = ${pia.id}`), 0);
    for (const table of [
      'comment_notifications',
      'comment_flags',
      'comment_recommendations',
      'comment_sanctions',
      'moderation_events',
      'sessions',
      'passkeys',
      'consents',
    ]) {
      assert.equal(await count(table, sql`user_id = ${pia.id}`), 0, table);
    }
    assert.deepEqual(
      await q(sql`select body, status from comments where id = ${piaComment}`),
      [{ body: 'Pia has a view on this.', status: 'published' }],
      'kept, as she chose',
    );
    // Kept for the accounts, without who gave: amounts, currencies, refunds and dates stay.
    assert.deepEqual(
      await q(
        sql`select amount_minor, currency, refunded_minor, paid_at is not null as paid, email, user_id from payments where provider_ref in ('in_pia_1', 'cs_pia_once') order by amount_minor`,
      ),
      [
        { amount_minor: 1000, currency: 'EUR', refunded_minor: 0, paid: true, email: '', user_id: null },
        { amount_minor: 2500, currency: 'EUR', refunded_minor: 500, paid: true, email: '', user_id: null },
      ],
    );
    assert.equal(await count('checkouts', sql`email like '%pia%' or user_id = ${pia.id}`), 0);
    assert.equal(await count('recurring_contributions', sql`email like '%pia%' or user_id = ${pia.id}`), 0);
    // The reference to Stripe's customer (which holds her address and name) stays until Stripe has deleted it.
    assert.deepEqual(await q(sql`select customer_ref from recurring_contributions where id = ${recurringId}`), [{ customer_ref: 'cus_pia' }]);

    // Stripe was asked and failed: the job waits to try again, the contribution not yet marked stopped.
    const cancels = () => api.calls.filter((c) => c.path === '/v1/subscriptions/sub_pia');
    assert.ok(cancels().length >= 1, 'Stripe was asked to stop the subscription');
    const [job] = await q<{ state: string; attempts: number; last_error: string }>(
      sql`select state, attempts, last_error from jobs where name = 'revenue.cancel-recurring'`,
    );
    assert.equal(job!.state, 'queued');
    assert.equal(job!.attempts, 1);
    assert.ok(job!.last_error);
    assert.equal((await q<{ status: string }>(sql`select status from recurring_contributions where id = ${recurringId}`))[0]!.status, 'active');

    // Stripe is back; the retry, when due, stops it, with the same idempotency key every time.
    api.down = false;
    clock = new Date(Date.now() + 10 * 60_000);
    await t.app.jobs.runDue();
    assert.deepEqual(await q(sql`select status from recurring_contributions where id = ${recurringId}`), [{ status: 'cancelled' }]);
    // Recorded as a donor's own stop is, through a provider event (the one stopping path), but without a mail.
    assert.deepEqual(await q(sql`select type, outcome from payment_events where event_id = 'stopped_on_erasure_sub_pia'`), [
      { type: 'customer.subscription.deleted', outcome: 'cancelled' },
    ]);
    assert.equal(smtp.inbox.filter((m) => /is stopped/.test(m.subject)).length, 0);
    assert.deepEqual(await q(sql`select state from jobs where name = 'revenue.cancel-recurring'`), [{ state: 'done' }]);
    assert.deepEqual([...new Set(cancels().map((c) => c.idempotencyKey))], [`cancel-recurring-${recurringId}`]);
    // Stripe's customer, with the address and name, is deleted too, and only then our reference to it.
    const deletions = () => api.calls.filter((c) => c.path === '/v1/customers/cus_pia');
    assert.deepEqual([...new Set(deletions().map((c) => c.idempotencyKey))], [`delete-customer-${recurringId}`]);
    assert.equal(api.customers.has('cus_pia'), false);
    assert.deepEqual(await q(sql`select customer_ref from recurring_contributions where id = ${recurringId}`), [{ customer_ref: null }]);
    const asked = cancels().length + deletions().length;

    // Run again (a redelivered job, a second erasure): nothing more is asked of Stripe.
    await t.db.database.db.execute(
      sql`insert into jobs (id, name, payload) values (${crypto.randomUUID()}, 'revenue.cancel-recurring', ${JSON.stringify({ recurringId })}::jsonb)`,
    );
    await t.app.jobs.runDue();
    assert.equal(cancels().length + deletions().length, asked);
  });

  it('a subscription or customer Stripe no longer knows counts as stopped or deleted; a sandbox one stops without asking anyone', async () => {
    const asked = api.calls.length;
    for (const [provider, ref, customer] of [
      ['stripe', 'sub_unknown_1', 'cus_unknown_1'],
      ['sandbox', 'sandbox_sub_1', null],
    ] as const) {
      const id = crypto.randomUUID();
      await t.db.database.db.execute(
        sql`insert into recurring_contributions (id, provider, provider_ref, customer_ref, email, amount_minor, currency, frequency) values (${id}, ${provider}, ${ref}, ${customer}, '', 500, 'EUR', 'monthly')`,
      );
      await t.db.database.db.execute(
        sql`insert into jobs (id, name, payload) values (${crypto.randomUUID()}, 'revenue.cancel-recurring', ${JSON.stringify({ recurringId: id })}::jsonb)`,
      );
      await t.app.jobs.runDue();
      assert.deepEqual(
        await q(sql`select status, customer_ref from recurring_contributions where id = ${id}`),
        [{ status: 'cancelled', customer_ref: null }],
        provider,
      );
    }
    assert.deepEqual(
      api.calls.slice(asked).map((c) => c.path),
      ['/v1/subscriptions/sub_unknown_1', '/v1/customers/cus_unknown_1'],
    );
  });
});
