import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { csrfOf, linkIn } from './manage.fixtures.ts';

/**
 * A donor who gave without an account changes or stops a recurring contribution with the
 * signed link in their receipt: received through real SMTP, followed, used, and refused when
 * expired, tampered with or aimed at another contribution. With Stripe connected: manage-stripe.int.test.ts.
 */
describe(`the receipt's link to a recurring contribution, sandbox, on ${engine}`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const start = new Date('2026-11-27T12:00:00Z');
  let clock = start;
  const rowsOf = async <T>(query: ReturnType<typeof sql>) => ((await t.db.database.db.execute(query)) as unknown as { rows: T[] }).rows;
  const runJobs = async () => {
    while ((await t.app.jobs.runDue()) > 0);
  };

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ now: () => clock, env: { SMTP_URL: smtp.url, PAYMENTS_SANDBOX: '1' } });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  /** Gives monthly through the sandbox while signed out; returns the receipt and the contribution's id. */
  async function giveMonthly(email: string, amount: string) {
    const agent = new Agent(t.app, '198.51.100.20');
    const form = await agent.get('/support');
    const started = await agent.post('/support', { _csrf: csrfOf(form.body), amount, currency: 'EUR', frequency: 'monthly', email });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    const checkout = await agent.get(started.headers.location as string);
    assert.equal((await agent.post(`${started.headers.location}/pay`, { _csrf: csrfOf(checkout.body) })).statusCode, 303);
    await runJobs();
    const [receipt] = smtp.for(email);
    assert.ok(receipt, 'a receipt arrives');
    const [row] = await rowsOf<{ id: string }>(sql`select id from recurring_contributions where email = ${email}`);
    return { receipt, id: row!.id };
  }

  it('sends a link in the receipt that opens the contribution without an account, and looking changes nothing', async () => {
    const { receipt, id } = await giveMonthly('ida@readers.example', '12');
    assert.match(receipt.text, /change or stop your contribution, with or without an account, use this link until 2026-12-27/);
    const { path } = linkIn(receipt);
    const stranger = new Agent(t.app, '192.0.2.44');
    for (let i = 0; i < 2; i++) {
      const page = await stranger.get(path);
      assert.equal(page.statusCode, 200, page.body.slice(0, 400));
      assert.match(page.body, /€12 every month, since 2026-11-27\./);
      assert.match(page.body, /Stop my contribution/);
      // The site's policy sends other sites the origin alone, never this address with its token.
      assert.equal(page.headers['referrer-policy'], 'strict-origin-when-cross-origin');
      assert.match(String(page.headers['cache-control']), /no-store/);
    }
    assert.deepEqual(await rowsOf(sql`select status, amount_minor, frequency from recurring_contributions where id = ${id}`), [
      { status: 'active', amount_minor: 1200, frequency: 'monthly' },
    ]);
    const head = await t.app.inject({ method: 'HEAD', url: path });
    assert.ok(head.statusCode < 400);
    assert.deepEqual(await rowsOf(sql`select status from recurring_contributions where id = ${id}`), [{ status: 'active' }]);
  });

  it('changes the amount and the frequency through a form with its CSRF token, refusing what it cannot take', async () => {
    const { receipt, id } = await giveMonthly('jo@readers.example', '5');
    const { path, token } = linkIn(receipt);
    const donor = new Agent(t.app, '192.0.2.45');
    const page = await donor.get(path);
    const csrf = csrfOf(page.body);
    assert.equal((await donor.post('/support/contribution/change', { token, amount: '9', frequency: 'monthly' })).statusCode, 403, 'no CSRF token, no change');
    for (const [fields, message] of [
      [{ amount: '0.10', frequency: 'monthly' }, /smallest contribution is €1/],
      [{ amount: 'lots', frequency: 'monthly' }, /must be a number/],
      [{ amount: '9', frequency: 'one-off' }, /monthly or annual/],
      [{ amount: '9', frequency: 'weekly' }, /frequency must be one of/],
    ] as const) {
      const refused = await donor.post('/support/contribution/change', { _csrf: csrf, token, ...fields });
      assert.equal(refused.statusCode, 422, refused.body.slice(0, 300));
      assert.match(refused.body, message);
      assert.match(refused.body, /Change my contribution/, 'the form again');
    }
    assert.deepEqual(await rowsOf(sql`select amount_minor, frequency from recurring_contributions where id = ${id}`), [
      { amount_minor: 500, frequency: 'monthly' },
    ]);
    const changed = await donor.post('/support/contribution/change', { _csrf: csrf, token, amount: '60', frequency: 'annual' });
    assert.equal(changed.statusCode, 303);
    const after = await donor.get(changed.headers.location as string);
    assert.match(after.body, /Your contribution is changed/);
    assert.match(after.body, /€60 every year/);
    assert.deepEqual(await rowsOf(sql`select status, amount_minor, frequency, currency from recurring_contributions where id = ${id}`), [
      { status: 'active', amount_minor: 6000, frequency: 'annual', currency: 'EUR' },
    ]);
    await runJobs();
    const told = smtp.for('jo@readers.example').find((m) => /is now\s*€60 every year/.test(m.subject));
    assert.ok(
      told,
      `the donor is told of the change: ${smtp
        .for('jo@readers.example')
        .map((m) => m.subject)
        .join(' | ')}`,
    );
    assert.match(told.text, /instead of €5 every month/);
  });

  it('stops the contribution: the link then shows it stopped, offers no change, and no more is charged', async () => {
    const { receipt, id } = await giveMonthly('kit@readers.example', '7');
    const { path, token } = linkIn(receipt);
    const donor = new Agent(t.app, '192.0.2.46');
    const csrf = csrfOf((await donor.get(path)).body);
    const stopped = await donor.post('/support/contribution/stop', { _csrf: csrf, token });
    assert.equal(stopped.statusCode, 303);
    assert.deepEqual(await rowsOf(sql`select status from recurring_contributions where id = ${id}`), [{ status: 'cancelled' }]);
    const page = await donor.get(stopped.headers.location as string);
    assert.match(page.body, /Your contribution is stopped\. Nothing more will be taken\./);
    assert.match(page.body, /stopped on 2026-11-27/);
    assert.doesNotMatch(page.body, /Stop my contribution|Change my contribution/);
    assert.match((await donor.get(path)).body, /This contribution is stopped/, 'the same link, later');
    assert.equal((await donor.post('/support/contribution/stop', { _csrf: csrf, token })).statusCode, 303, 'stopping twice is harmless');
    const again = await donor.post('/support/contribution/change', { _csrf: csrf, token, amount: '9', frequency: 'monthly' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /stopped\. To give again/);
    await runJobs();
    const mails = smtp.for('kit@readers.example');
    assert.ok(
      mails.some((m) => /is stopped$/.test(m.subject)),
      'the donor is told',
    );
    assert.equal(mails.filter((m) => /^\[TEST\] Your contribution/.test(m.subject)).length, 1, 'one receipt, for the first charge only');
  });

  it('refuses a tampered link, and a link works only for its own contribution', async () => {
    const { receipt: first, id: firstId } = await giveMonthly('lou@readers.example', '10');
    const { id: secondId } = await giveMonthly('max@readers.example', '20');
    const { token } = linkIn(first);
    const [, expiry, signature] = token.split('.') as [string, string, string];
    const stranger = new Agent(t.app, '192.0.2.47');
    const csrf = csrfOf((await stranger.get('/support')).body);
    const forgeries = [
      `${secondId}.${expiry}.${signature}`,
      `${firstId}.${(parseInt(expiry, 36) + 31_536_000).toString(36)}.${signature}`,
      `${firstId}.${expiry}.${signature.slice(0, -2)}AA`,
      token.slice(0, -5),
      'not-a-token',
      '',
    ];
    for (const forged of forgeries) {
      const page = await stranger.get(`/support/contribution?token=${encodeURIComponent(forged)}`);
      assert.equal(page.statusCode, 400, `${forged}: ${page.statusCode}`);
      assert.match(page.body, /This link does not work/);
      assert.match(page.body, /not one we sent/);
      assert.doesNotMatch(page.body, /€20|€10|max@|lou@/);
      assert.equal((await stranger.post('/support/contribution/stop', { _csrf: csrf, token: forged })).statusCode, 400);
      assert.equal((await stranger.post('/support/contribution/change', { _csrf: csrf, token: forged, amount: '1', frequency: 'monthly' })).statusCode, 400);
    }
    assert.equal((await stranger.get('/support/contribution')).statusCode, 400, 'no token at all');
    assert.equal((await stranger.get(`/support/contribution?token=${'a'.repeat(500)}`)).statusCode, 400, 'too long to be ours');
    // The first donor's own link stops only their contribution.
    assert.equal((await stranger.post('/support/contribution/stop', { _csrf: csrf, token })).statusCode, 303);
    assert.deepEqual(await rowsOf(sql`select id, status from recurring_contributions where id in (${firstId}, ${secondId}) order by email`), [
      { id: firstId, status: 'cancelled' },
      { id: secondId, status: 'active' },
    ]);
  });

  it('an expired link says so with a 410, changes nothing, and e-mails a fresh link to the donor alone', async () => {
    const { receipt, id } = await giveMonthly('ned@readers.example', '15');
    const { path, token } = linkIn(receipt);
    const holder = new Agent(t.app, '192.0.2.48');
    const csrf = csrfOf((await holder.get(path)).body);
    clock = new Date(start.getTime() + 31 * 24 * 3600_000);
    try {
      const page = await holder.get(path);
      assert.equal(page.statusCode, 410);
      assert.match(page.body, /This link has expired/);
      assert.match(page.body, /stopped working on 2026-12-27/);
      assert.doesNotMatch(page.body, /€15/);
      assert.equal((await holder.post('/support/contribution/stop', { _csrf: csrf, token })).statusCode, 410);
      assert.equal((await holder.post('/support/contribution/change', { _csrf: csrf, token, amount: '1', frequency: 'monthly' })).statusCode, 410);
      assert.deepEqual(await rowsOf(sql`select status, amount_minor from recurring_contributions where id = ${id}`), [
        { status: 'active', amount_minor: 1500 },
      ]);
      const renew = await holder.post('/support/contribution/link', { _csrf: csrfOf(page.body), token });
      assert.equal(renew.statusCode, 200);
      assert.match(renew.body, /sent a fresh link to the address this contribution was given with/);
      assert.doesNotMatch(renew.body, /ned@/, 'the address is not shown to whoever holds the link');
      await runJobs();
      const fresh = smtp.for('ned@readers.example').find((m) => /Your link to your contribution/.test(m.subject));
      assert.ok(fresh);
      const next = linkIn(fresh);
      assert.notEqual(next.token, token);
      const works = await holder.get(next.path);
      assert.equal(works.statusCode, 200);
      assert.match(works.body, /€15 every month/);
      assert.equal(
        smtp.inbox.filter((m) => /Your link to your contribution/.test(m.subject)).every((m) => m.to.join() === 'ned@readers.example'),
        true,
      );
      assert.equal(
        (await holder.post('/support/contribution/link', { _csrf: csrf, token: 'forged.token.here' })).statusCode,
        400,
        'a forged link asks for nothing',
      );
    } finally {
      clock = start;
    }
  });
});
