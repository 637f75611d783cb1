import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle } from './app.ts';
import { signedInReader, signedInStaff } from './accounts.ts';
import { csrfOf } from './agent.ts';
import { SoftAuthenticator } from './authenticator.ts';
import { startSmtp } from './smtp.ts';
import { startStripeApi } from './stripe-api.ts';
import { rows } from '../../src/platform/db/database.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';

const SECRET_KEY = 'sk_test_masthead0019';
const WEBHOOK_SECRET = 'whsec_masthead_test_0019';
const stripe = new Stripe(SECRET_KEY);
const DAY = 86_400_000;

export type ReaderEverywhere = Awaited<ReturnType<typeof seedReaderEverywhere>>;

/**
 * A reader, Pia, with a part in every domain, made through the app as a reader makes it: an
 * account with a passkey, comments, recommendations, flags, follows, a reply notice, an alert
 * subscription, a sanction, and gifts through Stripe (its local stand-in). The data-rights
 * suites download and erase what this leaves; `now` is their clock.
 */
export async function seedReaderEverywhere(now: () => Date) {
  const clock = now();
  const smtp = await startSmtp();
  const api = await startStripeApi(SECRET_KEY);
  const t = await createTestApp({
    now,
    env: { SMTP_URL: smtp.url, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: api.url },
  });
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

  await seedBasics(t);
  const article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();

  const agent = await signedInReader(t, inbox, 'pia@readers.example', 'a long enough passphrase', '203.0.113.91');
  const id = (await q<{ id: string }>(sql`select id from users where email = 'pia@readers.example'`))[0]!.id;
  const pia = { agent, id, csrf: async () => (await agent.me()).csrfToken };
  const quinn = await signedInStaff(t, 'reader', 'Quinn Other', '203.0.113.92', clock);
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
  const piaComment: string = mine.json().comment.id;
  const theirs = await quinn.agent.postJson(`/api/articles/${article.id}/comments`, { text: 'Quinn sees it otherwise.' }, quinn.csrf);
  assert.equal(theirs.statusCode, 201, theirs.body);
  const quinnComment: string = theirs.json().comment.id;
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
  const recurringId = (await q<{ id: string }>(sql`select id from recurring_contributions where provider_ref = 'sub_pia'`))[0]!.id;
  return { t, smtp, api, q, pia, quinn, piaComment, quinnComment, recurringId };
}

export async function closeReaderEverywhere({ t, api, smtp }: ReaderEverywhere) {
  await t.close();
  await api.stop();
  await smtp.stop();
}
