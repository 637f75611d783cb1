import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { cancelRecurring, CANCEL_RECURRING_JOB, type SubscriptionCanceller } from './cancel.ts';
import { revenuePart } from './part.ts';

/** Reader revenue's share of the readers' data rights: its part of the download and of the erasure. */
export function registerRevenuePrivacy(app: FastifyInstance, ctx: AppContext, stripe: SubscriptionCanceller | null): void {
  app.personalData.register(revenuePart);
  app.jobs.register(CANCEL_RECURRING_JOB, (payload: { recurringId: string }) => cancelRecurring({ database: ctx.database, now: ctx.now, stripe }, payload.recurringId));
}
