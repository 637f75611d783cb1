import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../platform/config.ts';
import { securityHeaders } from './headers.ts';

const formAction = (headers: Record<string, string>) => /form-action ([^;]*)/.exec(headers['content-security-policy']!)![1];

describe('security headers', () => {
  it('lets forms lead only to the site itself without Stripe', () => {
    assert.equal(formAction(securityHeaders('https://news.example', loadConfig({}).stripe?.pageOrigins)), "'self'");
  });

  it('with Stripe, lets forms lead to exactly Checkout and the customer portal, and a configured stand-in', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
    assert.equal(
      formAction(securityHeaders('https://news.example', loadConfig(stripe).stripe?.pageOrigins)),
      "'self' https://checkout.stripe.com https://billing.stripe.com",
    );
    const standIn = loadConfig({ ...stripe, STRIPE_API_BASE: 'http://127.0.0.1:4242/' }).stripe?.pageOrigins;
    assert.equal(
      formAction(securityHeaders('http://localhost:3000', standIn)),
      "'self' https://checkout.stripe.com https://billing.stripe.com http://127.0.0.1:4242",
    );
  });
});
