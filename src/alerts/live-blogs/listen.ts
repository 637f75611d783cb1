import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import type { AlertDeps } from '../service.ts';
import {
  KEY_EVENT_SWEEP_JOB,
  LIVE_BLOG_CLOSED_JOB,
  LIVE_KEY_EVENT_JOB,
  alertKeyEvent,
  forgetClosedBlog,
  queueKeyEventAlerts,
  sweepKeyEvents,
} from './key-events.ts';

/**
 * Live blogs' alerts follow content's announcements (made after commit): entries that are now
 * key events readers see get their alert job, a blog that closed has its followers forgotten.
 * The jobs are durable from there; each does its work once, whatever runs it again. A sweep each
 * minute catches a key event whose announcement a stopped process never handled (key-events.ts).
 */
export function followKeyEvents(app: FastifyInstance, ctx: AppContext, deps: AlertDeps): void {
  app.jobs.register(LIVE_KEY_EVENT_JOB, (payload: { entryId: string }) => alertKeyEvent(deps, payload.entryId));
  app.jobs.register(LIVE_BLOG_CLOSED_JOB, (payload: { articleId: string }) => forgetClosedBlog(deps, payload.articleId));
  app.jobs.register(KEY_EVENT_SWEEP_JOB, () => sweepKeyEvents(deps));
  const failed = (error: unknown) => app.log.error({ err: error }, 'live blog alerts: queueing failed');
  ctx.events.on('change', (change) => {
    if (change.kind === 'live-entries') void queueKeyEventAlerts(deps, change.entryIds).catch(failed);
    if (change.kind === 'live-blog')
      void enqueue(
        ctx.database.db,
        LIVE_BLOG_CLOSED_JOB,
        { articleId: change.articleId },
        { singletonKey: `${LIVE_BLOG_CLOSED_JOB}:${change.articleId}` },
      ).catch(failed);
  });
}
