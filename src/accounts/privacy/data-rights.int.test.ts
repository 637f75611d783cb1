import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { signedInReader, signedInStaff } from '../../../test/support/accounts.ts';
import { csrfOf, type Agent } from '../../../test/support/agent.ts';
import { SoftAuthenticator } from '../../../test/support/authenticator.ts';
import { engine } from '../../../test/support/database.ts';
import { startSmtp } from '../../../test/support/smtp.ts';
import { startStripeApi } from '../../../test/support/stripe-api.ts';
import { rows } from '../../platform/db/database.ts';
import { updateUser } from '../users/repository.ts';

const SECRET_KEY = 'sk_test_masthead0019';
const WEBHOOK_SECRET = 'whsec_masthead_test_0019';
const stripe = new Stripe(SECRET_KEY);
const DAY = 86_400_000;

/**
 * "Download my data" and "Delete my account" across every domain, through the app as a reader
 * uses it: an account with a passkey, comments, recommendations, flags, follows, a reply
 * notice, an alert subscription, a sanction, and gifts through Stripe (its local stand-in).
 */
describe(`data rights on ${engine}: the download holds every domain's part, the erasure reaches every domain`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let api: Awaited<ReturnType<typeof startStripeApi>>;
  // Kept at the real time: the job queue's backoff is counted by the database's clock, and a
  // clock of ours days ahead would make every retry due at once.
  let clock = new Date();
  const inbox = (to: string) => smtp.for(to);
  const q = <T>(query: ReturnType<typeof sql>) => rows<T>(t.db.database.db, query);
  const hook = (id: string, type: string, object: Record<string, unknown>) => {
    const payload = JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), api_version: '2026-10-28.endive', data: { object } });
    return t.app.inject({
      method: 'POST',
      url: '/api/payments/stripe/webhook',
      payload,
      headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
    });
  };

  let pia: { agent: Agent; id: string; csrf: () => Promise<string> };
  let quinn: Awaited<ReturnType<typeof signedInStaff>>;
  let piaComment: string;
  let quinnComment: string;
  let recurringId: string;

  before(async () => {
    smtp = await startSmtp();
    api = await startStripeApi(SECRET_KEY);
    t = await createTestApp({
      now: () => clock,
      env: { SMTP_URL: smtp.url, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: api.url },
    });
    await seedBasics(t);
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();

    const agent = await signedInReader(t, inbox, 'pia@readers.example', 'a long enough passphrase', '203.0.113.91');
    const id = (await q<{ id: string }>(sql`select id from users where email = 'pia@readers.example'`))[0]!.id;
    pia = { agent, id, csrf: async () => (await agent.me()).csrfToken };
    quinn = await signedInStaff(t, 'reader', 'Quinn Other', '203.0.113.92', clock);
    await updateUser(t.db.database.db, quinn.id, { emailVerifiedAt: clock }, clock);

    // A passkey, through the ceremony.
    const key = new SoftAuthenticator('https://news.example');
    const options = await agent.postJson('/api/account/passkeys/options', {}, await pia.csrf());
    assert.equal(
      (await agent.postJson('/api/account/passkeys', { name: 'Pia laptop', response: key.register(options.json()) }, await pia.csrf())).statusCode,
      201,
    );

    // Comments both ways, published, and what readers do with each other's.
    const mine = await agent.postJson(`/api/articles/${article.id}/comments`, { text: 'Pia has a view on this.' }, await pia.csrf());
    assert.equal(mine.statusCode, 201, mine.body);
    piaComment = mine.json().comment.id;
    const theirs = await quinn.agent.postJson(`/api/articles/${article.id}/comments`, { text: 'Quinn sees it otherwise.' }, quinn.csrf);
    assert.equal(theirs.statusCode, 201, theirs.body);
    quinnComment = theirs.json().comment.id;
    await t.db.database.db.execute(sql`update comments set status = 'published' where id in (${piaComment}, ${quinnComment})`);
    assert.ok((await agent.json('POST', `/api/comments/${quinnComment}/recommend`, undefined, await pia.csrf())).statusCode < 300);
    assert.ok(
      (await agent.postJson(`/api/comments/${quinnComment}/flags`, { reason: 'off-topic', note: 'Not about the talks' }, await pia.csrf())).statusCode < 300,
    );
    assert.equal((await agent.post(`/readers/${quinn.id}/follow`, { _csrf: await pia.csrf() })).statusCode, 303);
    assert.equal((await quinn.agent.post(`/readers/${pia.id}/follow`, { _csrf: quinn.csrf })).statusCode, 303);
    // What other parts of the site made about Pia: a reply notice, a browser's alerts, a sanction.
    const db = t.db.database.db;
    await db.execute(
      sql`insert into comment_notifications (id, user_id, comment_id, created_at) values (${crypto.randomUUID()}, ${id}, ${quinnComment}, ${clock.toISOString()}::timestamptz)`,
    );
    await db.execute(sql`insert into push_subscriptions (id, endpoint, p256dh, auth, user_id, choices, time_zone)
      values (${crypto.randomUUID()}, 'https://fcm.googleapis.com/fcm/send/pia-browser-secret-path', 'BPiaPublicKeyMaterial', 'piaAuthSecret', ${id}, ${JSON.stringify({ breaking: ['int'], sections: [], topics: [], authors: [], replies: true })}::jsonb, 'Europe/Dublin')`);
    await db.execute(
      sql`insert into comment_sanctions (user_id, kind, until, reason, moderator_id) values (${id}, 'suspension', ${new Date(clock.getTime() + DAY).toISOString()}::timestamptz, 'Heated words', ${quinn.id})`,
    );
    await db.execute(
      sql`insert into moderation_events (id, user_id, comment_id, moderator_id, action, reason) values (${crypto.randomUUID()}, ${id}, ${piaComment}, ${quinn.id}, 'suspend', 'Heated words')`,
    );

    // Gifts through Stripe: monthly (a subscription and its first charge) and one-off, part refunded.
    const give = async (fields: Record<string, string>) => {
      const form = await agent.get('/support');
      const started = await agent.post('/support', { _csrf: csrfOf(form.body), email: 'pia.gives@readers.example', ...fields });
      assert.equal(started.statusCode, 303, started.body.slice(0, 300));
      return api.calls.at(-1)!;
    };
    const monthly = await give({ amount: '10', currency: 'EUR', frequency: 'monthly' });
    const monthlyCheckout = monthly.params.get('subscription_data[metadata][checkout_id]')!;
    api.subscribe('sub_pia', { customer: 'cus_pia', amountMinor: 1000, currency: 'eur', interval: 'month' });
    assert.equal(
      (
        await hook('evt_pia_sub', 'checkout.session.completed', {
          id: 'cs_pia_monthly',
          mode: 'subscription',
          payment_status: 'paid',
          amount_total: 1000,
          currency: 'eur',
          metadata: { checkout_id: monthlyCheckout, frequency: 'monthly' },
          customer: 'cus_pia',
          subscription: 'sub_pia',
          customer_details: { email: 'pia.gives@readers.example', address: { country: 'IE' } },
        })
      ).json().outcome,
      'subscribed',
    );
    assert.equal(
      (
        await hook('evt_pia_inv', 'invoice.paid', {
          id: 'in_pia_1',
          object: 'invoice',
          amount_paid: 1000,
          currency: 'eur',
          customer_email: 'pia.gives@readers.example',
          parent: {
            type: 'subscription_details',
            subscription_details: { subscription: 'sub_pia', metadata: { checkout_id: monthlyCheckout, frequency: 'monthly' } },
          },
        })
      ).json().outcome,
      'charge-paid',
    );
    const once = await give({ amount: '25', currency: 'EUR', frequency: 'one-off' });
    const onceCheckout = once.params.get('metadata[checkout_id]')!;
    assert.equal(
      (
        await hook('evt_pia_once', 'checkout.session.completed', {
          id: 'cs_pia_once',
          object: 'checkout.session',
          mode: 'payment',
          payment_status: 'paid',
          amount_total: 2500,
          currency: 'eur',
          payment_intent: 'pi_pia',
          metadata: { checkout_id: onceCheckout, frequency: 'one-off' },
          client_reference_id: onceCheckout,
          customer_details: { email: 'pia.gives@readers.example', address: { country: 'IE' } },
        })
      ).json().outcome,
      'payment-paid',
    );
    assert.equal(
      (
        await hook('evt_pia_refund', 'charge.refunded', {
          id: 'ch_pia',
          object: 'charge',
          amount: 2500,
          amount_refunded: 500,
          currency: 'eur',
          payment_intent: 'pi_pia',
          refunded: false,
        })
      ).json().outcome,
      'refunded',
    );
    recurringId = (await q<{ id: string }>(sql`select id from recurring_contributions where provider_ref = 'sub_pia'`))[0]!.id;
  });
  after(async () => {
    await t.close();
    await api.stop();
    await smtp.stop();
  });

  it('gives everything the site keeps about the reader, from every domain, and nothing secret', async () => {
    const download = await pia.agent.get('/account/data');
    assert.equal(download.statusCode, 200, download.body.slice(0, 300));
    const data = download.json();
    assert.equal(data.account.email, 'pia@readers.example');
    assert.deepEqual(
      data.consents.map((c: { kind: string; granted: boolean; wording: string }) => [c.kind, c.granted, /community standards/.test(c.wording)]),
      [['community-standards', true, true]],
    );
    assert.equal(data.sessions.length, 1);
    assert.equal(data.sessions[0].ip, '203.0.113.91');
    assert.equal(data.passkeys[0].name, 'Pia laptop');
    assert.match(data.passkeys[0].publicKey, /^[\w-]{40,}$/, 'the public key, which proves nothing alone');

    const comments = data.comments;
    assert.deepEqual(
      comments.written.map((c: { id: string; body: string }) => [c.id, c.body]),
      [[piaComment, 'Pia has a view on this.']],
    );
    assert.match(comments.written[0].articleUrl, /^https:\/\/news\.example\/world\/leaders-agree-to-meet-again-in-spring$/);
    assert.equal(comments.recommendations[0].commentId, quinnComment);
    assert.deepEqual([comments.flags[0].commentId, comments.flags[0].reason, comments.flags[0].note], [quinnComment, 'off-topic', 'Not about the talks']);
    assert.deepEqual(
      comments.following.map((f: { displayName: string }) => f.displayName),
      ['Quinn Other'],
    );
    assert.deepEqual(
      comments.followers.map((f: { displayName: string }) => f.displayName),
      ['Quinn Other'],
    );
    assert.equal(comments.notifications[0].commentId, quinnComment);
    assert.deepEqual([comments.sanctions[0].kind, comments.sanctions[0].reason], ['suspension', 'Heated words']);
    assert.equal(comments.moderation[0].action, 'suspend');

    assert.equal(data.alerts.subscriptions.length, 1);
    assert.deepEqual(data.alerts.subscriptions[0].choices.breaking, ['int']);
    assert.equal(data.alerts.subscriptions[0].pushService, 'fcm.googleapis.com');

    const giving = data.contributions;
    assert.deepEqual(
      giving.recurring.map((r: { amountMinor: number; frequency: string; status: string }) => [r.amountMinor, r.frequency, r.status]),
      [[1000, 'monthly', 'active']],
    );
    assert.deepEqual(giving.payments.map((p: { amountMinor: number; status: string }) => [p.amountMinor, p.status]).sort(), [
      [1000, 'paid'],
      [2500, 'paid'],
    ]);
    assert.equal(giving.checkouts.length, 2);
    assert.deepEqual(
      giving.refunds.map((r: { refundedMinor: number }) => r.refundedMinor),
      [500],
    );
    assert.equal(giving.receipts.length, 2);
    assert.ok(
      giving.receipts.every((r: { reference: string; sentTo: string }) => /^[0-9A-F]{8}$/.test(r.reference) && r.sentTo === 'pia.gives@readers.example'),
    );

    // Nothing secret: password hash, session tokens, TOTP secret, push keys and endpoint.
    const [secrets] = await q<{ password_hash: string; token_hash: string }>(
      sql`select u.password_hash, s.token_hash from users u join sessions s on s.user_id = u.id where u.id = ${pia.id}`,
    );
    for (const secret of [secrets!.password_hash, secrets!.token_hash, 'piaAuthSecret', 'BPiaPublicKeyMaterial', 'pia-browser-secret-path', '$argon2id$'])
      assert.ok(!download.body.includes(secret), `the download holds ${secret}`);
    assert.doesNotMatch(download.body, /tokenHash|token_hash|totpSecret|p256dh|"auth"/);
  });

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
