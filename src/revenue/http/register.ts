import type { FastifyInstance } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import type { AppContext } from '../../context.ts';
import { askSource } from '../asks/source.ts';
import { sandboxProvider } from '../contributions/sandbox.ts';
import type { ContributionDeps } from '../contributions/service.ts';
import { askRoutes } from './routes.ts';
import { countryResolver } from '../country.ts';
import { registerSupportPages } from './support-pages.tsx';
import { registerRevenueNewsroom } from './newsroom-pages.tsx';
import { chargeSandboxRenewals, SANDBOX_RENEWALS_JOB, scheduleSandboxRenewals } from '../contributions/renewals.ts';
import { stripeProvider } from '../contributions/stripe.ts';
import { stripeWebhook } from './stripe-webhook.ts';
import { registerManagePages } from './manage-pages.tsx';
import { registerRevenuePrivacy } from '../privacy/register.ts';

/** Reader revenue: the support asks readers are shown, what they do with them, and contributing. */
export async function registerRevenue(app: FastifyInstance, ctx: AppContext, kit: FormKit): Promise<void> {
  const source = askSource(ctx.database);
  const country = await countryResolver(ctx.config);
  const deps: ContributionDeps = { database: ctx.database, now: ctx.now, site: ctx.config.siteName, publicUrl: ctx.config.publicUrl };
  await app.register(askRoutes, { prefix: '/api', ctx, source, country });
  // Stripe once the operator gives its keys; the sandbox only when the operator turns it on
  // (PAYMENTS_SANDBOX=1) to try the flow; otherwise contributions are not set up, and say so.
  const stripe = ctx.config.stripe ? stripeProvider({ ...ctx.config.stripe, publicUrl: ctx.config.publicUrl, siteName: ctx.config.siteName }) : null;
  if (stripe) await app.register(stripeWebhook, { prefix: '/api', deps, stripe });
  const sandbox = ctx.config.paymentsSandbox;
  registerSupportPages(app, ctx, kit, deps, stripe ?? (sandbox ? { provider: sandboxProvider } : null), country);
  // A receipt's link works whichever provider the contribution went through, sandbox or Stripe.
  registerManagePages(app, kit, deps, stripe?.recurring ?? null);
  registerRevenueNewsroom(app, ctx, kit, source);
  registerRevenuePrivacy(app, deps, stripe);
  app.jobs.register(SANDBOX_RENEWALS_JOB, async () => {
    // Switched off, the sandbox charges nothing (not even what it began while on), and the
    // job stops coming back.
    if (!sandbox) return;
    await chargeSandboxRenewals(deps);
    await scheduleSandboxRenewals(ctx.database.db, ctx.now());
  });
}
