import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import type { startSmtp } from '../../test/support/smtp.ts';
import { insertTest } from './asks/repository.ts';
import { chargeSandboxRenewals, SANDBOX_RENEWALS_JOB } from './contributions/renewals.ts';
import { enqueue } from '../platform/jobs/queue.ts';
import { openSandboxApp, serviceDeps } from './contributions.fixtures.ts';

/**
 * Contributing end to end with the sandbox provider (turned on with PAYMENTS_SANDBOX=1): the form an ask
 * leads to, refusals that name the problem, the test checkout, exactly-once recording, receipts
 * through a real SMTP server, the reader's account page, and supporters asked less. Recording
 * provider events once, whatever their order, is in provider-events.int.test.ts.
 */
describe(`contributions on ${engine}: the sandbox flow and recording payments once`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let close: () => Promise<void>;
  const now = new Date('2026-11-27T12:00:00Z');
  let clock = now;
  const count = async (table: string) =>
    Number(((await t.db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n);
  const runJobs = async () => {
    while ((await t.app.jobs.runDue()) > 0);
  };
  const deps = () => serviceDeps(t, now);

  before(async () => {
    ({ t, smtp, close } = await openSandboxApp(() => clock));
  });
  after(async () => {
    await close();
  });

  async function stranger() {
    const agent = new Agent(t.app);
    const form = await agent.get('/support?currency=GBP&amount=8&frequency=one-off');
    assert.equal(form.statusCode, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    return { agent, csrf, form };
  }

  it('offers the form an ask leads to, marked as a test while no payment provider is connected', async () => {
    const { form } = await stranger();
    assert.match(form.body, /Test mode: payments go through a sandbox/);
    assert.match(form.body, /value="8" checked/);
    assert.match(form.body, /<option value="GBP" selected/);
  });

  it('refuses amounts, currencies, frequencies and addresses it cannot take, saying why, and stores nothing', async () => {
    const { agent, csrf } = await stranger();
    const cases: [Record<string, string>, RegExp][] = [
      [{ amount: 'other', other: '0.50', currency: 'USD' }, /smallest contribution is \$1/],
      [{ amount: 'other', other: '20000', currency: 'GBP' }, /largest contribution online is £10,000/],
      [{ amount: 'other', other: '-5', currency: 'USD' }, /cannot be negative/],
      [{ amount: 'other', other: '10.555', currency: 'EUR' }, /at most 2 decimal places/],
      [{ amount: 'other', other: '150.5', currency: 'JPY' }, /JPY amounts are whole numbers/],
      [{ amount: '10', currency: 'XBT' }, /We take contributions in/],
      [{ amount: '10', currency: 'USD', frequency: 'weekly' }, /one-off, monthly, annual/],
      [{ amount: '10', currency: 'USD', email: 'not an address' }, /e-mail address your receipt/],
      [{ amount: 'other', other: '<script>alert(1)</script>', currency: 'USD' }, /must be a number/],
    ];
    for (const [fields, message] of cases) {
      const answer = await agent.post('/support', { _csrf: csrf, frequency: 'one-off', email: 'zoe@readers.example', ...fields });
      assert.equal(answer.statusCode, 422, `${JSON.stringify(fields)}: ${answer.statusCode}`);
      assert.match(answer.body, message);
      assert.doesNotMatch(answer.body, /<script>alert/);
    }
    assert.equal(
      (await agent.post('/support', { amount: '10', currency: 'USD', email: 'zoe@readers.example' })).statusCode,
      403,
      'the form needs its CSRF token',
    );
    assert.equal(await count('checkouts'), 0);
  });

  it('stops one address opening checkouts by the score: twenty an hour', async () => {
    const script = new Agent(t.app, '198.51.100.99');
    const scriptCsrf = /name="_csrf" value="([^"]+)"/.exec((await script.get('/support')).body)![1]!;
    const open = () => script.post('/support', { _csrf: scriptCsrf, amount: '5', currency: 'USD', frequency: 'one-off', email: 'script@readers.example' });
    for (let i = 0; i < 20; i++) assert.equal((await open()).statusCode, 303);
    const stopped = await open();
    assert.equal(stopped.statusCode, 429);
    assert.match(stopped.body, /Too many checkouts from your network\. Try again in \d+ minutes?\./);
    const opened = (await t.db.database.db.execute(sql`select count(*)::int as n from checkouts where email = 'script@readers.example'`)) as unknown as {
      rows: { n: number }[];
    };
    assert.equal(opened.rows[0]!.n, 20);
  });

  it('a reader gives once through the test checkout: paid once however often Pay is pressed, one receipt', async () => {
    const { agent, csrf } = await stranger();
    const started = await agent.post(
      '/support',
      { _csrf: csrf, amount: '8', currency: 'GBP', frequency: 'one-off', email: 'zoe@readers.example' },
      { 'cf-ipcountry': 'GB' },
    );
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    const checkoutUrl = started.headers.location as string;
    assert.match(checkoutUrl, /^\/support\/sandbox\/[0-9a-f-]{36}$/);
    const page = await agent.get(checkoutUrl);
    assert.match(page.body, /Test checkout/);
    assert.match(page.body, /£8 once/);
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const paid = await agent.post(`${checkoutUrl}/pay`, { _csrf: csrf2 });
    assert.equal(paid.statusCode, 303);
    assert.equal((await agent.post(`${checkoutUrl}/pay`, { _csrf: csrf2 })).statusCode, 303, 'pressed twice');
    const thanks = await agent.get(paid.headers.location as string);
    assert.match(thanks.body, /Your contribution of £8 keeps this journalism free/);
    assert.match(thanks.body, /data-island="support-thanks"/);
    const rows = (await t.db.database.db.execute(sql`select amount_minor, currency, status, country, frequency from payments`)) as unknown as {
      rows: unknown[];
    };
    assert.deepEqual(rows.rows, [{ amount_minor: 800, currency: 'GBP', status: 'paid', country: 'GB', frequency: 'one-off' }]);
    await runJobs();
    const mails = smtp.for('zoe@readers.example');
    assert.equal(mails.length, 1);
    assert.match(mails[0]!.subject, /^\[TEST\] Your contribution to .*: £8$/);
    assert.match(mails[0]!.text, /no money moved/);
  });

  it('a signed-in reader gives monthly: the recurring contribution and its first charge on their account page, asked less, and can stop it', async () => {
    const reader = await signedInStaff(t, 'reader', 'Rae Giver', '203.0.113.80', now);
    const supporters = await insertTest(
      t.db.database.db,
      {
        name: 'Thanks',
        slot: 'epic',
        status: 'live',
        startsAt: null,
        endsAt: null,
        priority: 5,
        targeting: {
          countries: [],
          editions: [],
          sections: [],
          topics: [],
          excludedArticles: [],
          minArticlesRead: { count: 0, days: 0 },
          supporters: 'supporters',
          signedIn: 'any',
          devices: [],
        },
        caps: { maxViews: { count: 0, days: 0 }, hideAfterCloseDays: 0 },
        variants: [{ id: 'thanks', name: 'T', heading: 'Thank you', body: 'x', buttonText: 'More', amounts: {}, highlighted: {} }],
      },
      now,
    );
    const askAs = async () =>
      await reader.agent.postJson(
        '/api/ask',
        { slot: 'epic', browserId: 'browser-rae-01', edition: 'us', device: 'desktop', reads: [], views: {}, closed: {} },
        reader.csrf,
      );
    assert.equal((await askAs()).statusCode, 204, 'not yet a supporter');
    const form = await reader.agent.get('/support?currency=USD&amount=10&frequency=monthly');
    assert.match(form.body, /id="email"[^>]*value="[^"@]+@[^"]+"/, 'the address of the signed-in reader is filled in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const started = await reader.agent.post('/support', { _csrf: csrf, amount: '10', currency: 'USD', frequency: 'monthly', email: 'rae@readers.example' });
    const checkoutUrl = started.headers.location as string;
    const page = await reader.agent.get(checkoutUrl);
    await reader.agent.post(`${checkoutUrl}/pay`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! });
    const account = await reader.agent.get('/account/contributions');
    assert.match(account.body, /\$10 every month/);
    assert.match(account.body, /<td>\$10<\/td><td>Monthly<\/td><td>paid<\/td>/);
    assert.equal((await askAs()).json().ask.testId, supporters.id, 'a supporter now: the thanks instead of an ask');
    // Two months on, the sandbox charges the next two months, once however often its job runs.
    clock = new Date('2027-01-28T07:00:00Z');
    await enqueue(t.db.database.db, SANDBOX_RENEWALS_JOB, {});
    await runJobs();
    assert.equal(await chargeSandboxRenewals({ ...deps(), now: () => clock }), 0, 'nothing more is due');
    clock = now;
    const charges = (await t.db.database.db.execute(
      sql`select count(*)::int as n from payments where email = 'rae@readers.example' and status = 'paid'`,
    )) as unknown as { rows: { n: number }[] };
    assert.equal(charges.rows[0]!.n, 3);
    assert.equal(smtp.for('rae@readers.example').length, 3, 'a receipt for each charge');
    const stopCsrf = /name="_csrf" value="([^"]+)"/.exec(account.body)![1]!;
    const id = /action="\/account\/contributions\/([0-9a-f-]{36})\/stop"/.exec(account.body)![1]!;
    const before = (await t.db.database.db.execute(sql`select status, frequency, test_id from recurring_contributions where id = ${id}`)) as unknown as {
      rows: unknown[];
    };
    assert.deepEqual(before.rows, [{ status: 'active', frequency: 'monthly', test_id: null }]);
    const stranger = await signedInStaff(t, 'reader', 'Sly Other', '203.0.113.81', now);
    assert.equal((await stranger.agent.post(`/account/contributions/${id}/stop`, { _csrf: stranger.csrf })).statusCode, 404, 'not theirs');
    assert.equal((await reader.agent.post(`/account/contributions/${id}/stop`, { _csrf: stopCsrf })).headers.location, '/account/contributions?done=stopped');
    const status = (await t.db.database.db.execute(sql`select status from recurring_contributions where id = ${id}`)) as unknown as {
      rows: { status: string }[];
    };
    assert.equal(status.rows[0]!.status, 'cancelled');
    await runJobs();
    assert.equal(smtp.for('rae@readers.example').length, 3, 'no receipt after stopping');
  });
});
