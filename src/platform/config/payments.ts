import { flag, webAddress, ConfigError, type Env } from './parse.ts';

const STRIPE_PAGE_ORIGINS = ['https://checkout.stripe.com', 'https://billing.stripe.com'];

/** Stripe: the secret API key and the webhook signing secret; both or neither. */
export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  apiBase: string | undefined;
  pageOrigins: string[];
}

export function stripe(env: Env): StripeConfig | undefined {
  const secretKey = env.STRIPE_SECRET_KEY || undefined;
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET || undefined;
  if (!secretKey && !webhookSecret) return undefined;
  if (!secretKey || !/^(sk|rk)_(test|live)_\w+$/.test(secretKey))
    throw new ConfigError('STRIPE_SECRET_KEY', 'must be a Stripe secret or restricted key (sk_live_…, sk_test_…), set together with STRIPE_WEBHOOK_SECRET');
  if (!webhookSecret || !/^whsec_\w+$/.test(webhookSecret))
    throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'must be the signing secret of the webhook endpoint (whsec_…), set together with STRIPE_SECRET_KEY');
  const apiBase = env.STRIPE_API_BASE || undefined;
  // Where Stripe sends readers from our forms (Checkout, the customer portal), for the CSP's
  // form-action; a stand-in answering in Stripe's place serves those pages itself.
  const pageOrigins = [...STRIPE_PAGE_ORIGINS];
  if (apiBase) pageOrigins.push(webAddress('STRIPE_API_BASE', apiBase).origin);
  return { secretKey, webhookSecret, apiBase, pageOrigins };
}

export function paymentsSandbox(env: Env): boolean {
  const on = flag(env, 'PAYMENTS_SANDBOX', false);
  if (on && (env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET)) {
    throw new ConfigError(
      'PAYMENTS_SANDBOX',
      'cannot be on while Stripe is connected (STRIPE_SECRET_KEY): readers would be offered pretend payments beside real ones; unset one of them',
    );
  }
  return on;
}
