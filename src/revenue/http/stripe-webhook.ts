import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { applyProviderEvent, withRefundTarget, type ContributionDeps } from '../contributions/service.ts';
import { fromStripeEvent } from '../contributions/stripe-events.ts';
import type { StripeConnection } from '../contributions/stripe.ts';

/**
 * Stripe's webhook: the signature is checked over the exact bytes received (so this route
 * reads its body raw), then the event is recorded once. A bad, missing or stale signature is a
 * 400 and changes nothing; a replay or an event type we do not act on is a 200, so Stripe stops
 * sending it; an event whose money we cannot read is a 422 naming the field, and a failure of
 * ours (Stripe not answering which invoice a refund belongs to, a database gone) a 5xx: neither
 * records anything, and Stripe tries again later.
 */
export const stripeWebhook: FastifyPluginAsync<{ deps: ContributionDeps; stripe: StripeConnection }> = async (app, { deps, stripe }) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.post('/payments/stripe/webhook', { config: { access: 'public', csrf: false }, schema: { hide: true } }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new AppError('bad_request', 'A Stripe event is JSON, sent as application/json.');
    const signature = request.headers['stripe-signature'];
    let event;
    try {
      event = stripe.verify(request.body, typeof signature === 'string' ? signature : undefined);
    } catch (error) {
      throw new AppError('bad_request', `The Stripe signature is missing, does not match this endpoint's secret, or is too old: ${(error as Error).message}`);
    }
    const outcome = await applyProviderEvent(deps, await withRefundTarget(deps, fromStripeEvent(event), stripe.invoiceOf));
    request.log.info({ event: event.id, type: event.type, outcome }, 'stripe event');
    return reply.send({ received: true, outcome });
  });
};
