import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { enqueue } from '../platform/jobs/queue.ts';
import { insertCheckout, insertRecurring } from './contributions/repository.ts';
import { SANDBOX_RENEWALS_JOB } from './contributions/renewals.ts';

/**
 * The sandbox takes pretend money: it runs only when the operator says so (PAYMENTS_SANDBOX=1).
 * Without it and without Stripe, the support pages say contributions are not set up, and
 * nothing a reader or the job queue does makes a payment, a receipt or a row for the reports.
 */
describe(`the payment sandbox switch on ${engine}`, () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const t of apps) await t.close();
  });
  const start = async (env: Record<string, string>) => {
    const t = await createTestApp({ now: () => new Date('2027-03-10T12:00:00Z'), env });
    apps.push(t);
    return t;
  };
  const counts = async (t: TestApp) => {
    const result = (await t.db.database.db.execute(
      sql`select (select count(*) from checkouts)::int as checkouts, (select count(*) from payments)::int as payments, (select count(*) from recurring_contributions where status <> 'cancelled')::int as running, (select count(*) from payment_events)::int as events, (select count(*) from jobs where name = 'mail.send')::int as mails`,
    )) as unknown as { rows: Record<string, number>[] };
    return result.rows[0]!;
  };
  const runJobs = async (t: TestApp) => {
    while ((await t.app.jobs.runDue()) > 0);
  };
  /** A monthly sandbox contribution begun long ago, as one made while the sandbox was on would be. */
  const oldMonthly = (t: TestApp) =>
    insertRecurring(t.db.database.db, {
      userId: null,
      email: 'old@readers.example',
      amountMinor: 500,
      currency: 'USD',
      frequency: 'monthly',
      country: 'US',
      testId: null,
      variantId: null,
      provider: 'sandbox',
      providerRef: 'sandbox_sub_old',
      customerRef: null,
      at: new Date('2026-11-01T09:00:00Z'),
    });

  it('off by default: the support page says contributions are not set up and offers no form', async () => {
    const t = await start({});
    const page = await t.get('/support?amount=10&currency=USD');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Contributions are not set up yet/);
    assert.doesNotMatch(page.body, /Continue to payment/);
    assert.doesNotMatch(page.body, /Test mode/);
  });

  it('off: a contribution, a test checkout, a payment and the renewal job are all refused, and nothing is written', async () => {
    const t = await start({});
    // A checkout and a monthly contribution left from a time the operator had the sandbox on.
    const left = await insertCheckout(
      t.db.database.db,
      'sandbox',
      { userId: null, email: 'left@readers.example', amountMinor: 800, currency: 'GBP', frequency: 'one-off', country: 'GB', testId: null, variantId: null },
      new Date('2027-03-10T11:00:00Z'),
    );
    await oldMonthly(t);
    const before = await counts(t);

    const agent = new Agent(t.app);
    const csrf = (await agent.me()).csrfToken as string;
    const refused = await agent.post('/support', { _csrf: csrf, amount: '10', currency: 'USD', frequency: 'one-off', email: 'zoe@readers.example' });
    assert.equal(refused.statusCode, 503, refused.body.slice(0, 300));
    assert.match(refused.body, /Contributions are not set up/);

    const checkout = await agent.get(`/support/sandbox/${left.id}`);
    assert.equal(checkout.statusCode, 503);
    assert.match(checkout.body, /Contributions are not set up/);
    const paid = await agent.post(`/support/sandbox/${left.id}/pay`, { _csrf: csrf });
    assert.equal(paid.statusCode, 503);
    assert.match(paid.body, /Contributions are not set up/);

    await enqueue(t.db.database.db, SANDBOX_RENEWALS_JOB, {});
    await runJobs(t);
    assert.deepEqual(await counts(t), before, 'no checkout, payment, event, receipt or report row');
    const queued = (await t.db.database.db.execute(
      sql`select count(*)::int as n from jobs where name = ${SANDBOX_RENEWALS_JOB} and state = 'queued'`,
    )) as unknown as { rows: { n: number }[] };
    assert.equal(queued.rows[0]!.n, 0, 'and the job does not schedule itself again');
  });

  it('off: a reader can still stop a recurring contribution the sandbox made', async () => {
    const t = await start({});
    const reader = await signedInStaff(t, 'reader', 'Una Stopper', '203.0.113.90', new Date('2027-03-10T12:00:00Z'));
    const recurring = await insertRecurring(t.db.database.db, {
      userId: reader.id,
      email: 'una@readers.example',
      amountMinor: 500,
      currency: 'USD',
      frequency: 'monthly',
      country: 'US',
      testId: null,
      variantId: null,
      provider: 'sandbox',
      providerRef: 'sandbox_sub_una',
      customerRef: null,
      at: new Date('2027-01-01T09:00:00Z'),
    });
    const page = await reader.agent.get('/account/contributions');
    const stopped = await reader.agent.post(`/account/contributions/${recurring.id}/stop`, { _csrf: csrfOf(page.body) });
    assert.equal(stopped.statusCode, 303, stopped.body.slice(0, 300));
  });

  it('on with PAYMENTS_SANDBOX=1: the form is marked as a test, a checkout is made, and the renewal job charges', async () => {
    const t = await start({ PAYMENTS_SANDBOX: '1' });
    const agent = new Agent(t.app);
    const page = await agent.get('/support?amount=10&currency=USD');
    assert.match(page.body, /Test mode: payments go through a sandbox/);
    assert.doesNotMatch(page.body, /not set up/);
    const started = await agent.post('/support', {
      _csrf: csrfOf(page.body),
      amount: '10',
      currency: 'USD',
      frequency: 'one-off',
      email: 'zoe@readers.example',
    });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    assert.match(String(started.headers.location), /^\/support\/sandbox\//);

    await oldMonthly(t);
    await enqueue(t.db.database.db, SANDBOX_RENEWALS_JOB, {});
    await runJobs(t);
    assert.ok((await counts(t)).payments! >= 4, 'the months since November are charged');
  });
});
