import type { FastifyInstance } from 'fastify';
import type { ContributionDeps } from '../contributions/service.ts';
import { cancelRecurring, CANCEL_RECURRING_JOB, type ErasureProvider } from './cancel.ts';
import { revenuePart } from './part.ts';

/** Reader revenue's share of the readers' data rights: its part of the download and of the erasure. */
export function registerRevenuePrivacy(app: FastifyInstance, deps: ContributionDeps, provider: ErasureProvider | null): void {
  app.personalData.register(revenuePart);
  app.jobs.register(CANCEL_RECURRING_JOB, (payload: { recurringId: string }) => cancelRecurring({ ...deps, provider }, payload.recurringId));
}
