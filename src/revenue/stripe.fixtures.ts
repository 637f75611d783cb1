import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import type { Agent } from '../../test/support/agent.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { startStripeApi } from '../../test/support/stripe-api.ts';

// What the tests with Stripe connected share (stripe.int.test.ts, stripe-readers.int.test.ts):
// the app talking to a stand-in of Stripe's API on loopback, and webhooks signed as Stripe signs them.

export const SECRET_KEY = 'sk_test_masthead0001';
export const WEBHOOK_SECRET = 'whsec_masthead_test_0001';
export const stripe = new Stripe(SECRET_KEY);

export type StripeApi = Awaited<ReturnType<typeof startStripeApi>>;
export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/** The app with Stripe connected (to the stand-in) and mail sent to a real SMTP server, its clock fixed at `now`. */
export async function openStripeApp(now: Date) {
  const api = await startStripeApi(SECRET_KEY);
  const smtp = await startSmtp();
  const t = await createTestApp({
    now: () => now,
    env: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: api.url, SMTP_URL: smtp.url },
  });
  await seedBasics(t);
  return {
    t,
    api,
    smtp,
    close: async () => {
      await t.close();
      await api.stop();
      await smtp.stop();
    },
  };
}

/** Posts `payload` to the webhook, signed with our secret unless a `signature` is given (null: none at all). */
export const postWebhook = (t: TestApp, payload: string, signature?: string | null, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/payments/stripe/webhook',
    payload,
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'stripe-signature': signature ?? stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) }),
      ...headers,
    },
  });

/** An event as Stripe sends it, created at `now`. */
export const stripeEvent = (now: Date, id: string, type: string, object: Record<string, unknown>) =>
  JSON.stringify({ id, object: 'event', type, created: Math.floor(now.getTime() / 1000), api_version: '2026-10-28.endive', data: { object } });

/** Opens a checkout from the support form as `agent`; returns where the reader is sent and the call made to Stripe. */
export async function startStripeCheckout(api: StripeApi, agent: Agent, fields: Record<string, string>) {
  const form = await agent.get('/support');
  assert.doesNotMatch(form.body, /Test mode/, 'no test banner once Stripe is connected');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const started = await agent.post('/support', { _csrf: csrf, email: 'donor@readers.example', ...fields });
  assert.equal(started.statusCode, 303, started.body.slice(0, 300));
  return { location: started.headers.location as string, call: api.calls.at(-1)! };
}
