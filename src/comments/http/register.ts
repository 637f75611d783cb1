import type { FastifyInstance } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import type { AppContext } from '../../context.ts';
import { defineCommentKinds } from '../live/kinds.ts';
import { moderationSettingsSource } from '../moderation/settings-source.ts';
import { loadClassifier } from '../moderation/load-classifier.ts';
import { countUnread } from '../notifications/repository.ts';
import { mailDailyDigests, mailReplies, REPLY_DIGEST_JOB, REPLY_MAIL_JOB, scheduleDigest } from '../notifications/service.ts';
import { registerModerationRoutes } from './moderation-routes.tsx';
import { registerCommentPages } from './page-routes.tsx';
import { commentRoutes } from './routes.ts';
import { commentsPart } from '../privacy/part.ts';

/**
 * Everything comments add to the app: the JSON API the island uses, live updates, the reader
 * pages, the moderation queue, the reply e-mails, and the unread count in `/api/me`.
 */
export async function registerComments(app: FastifyInstance, ctx: AppContext, kit: FormKit): Promise<void> {
  const db = ctx.database.db;
  defineCommentKinds(ctx.live, db);

  const settings = moderationSettingsSource(ctx.database);
  const classifier = await loadClassifier(ctx.config.commentClassifier);
  await app.register(commentRoutes, { prefix: '/api', ctx, settings, classifier });
  registerCommentPages(app, ctx, kit);
  registerModerationRoutes(app, ctx, kit, { events: ctx.events, live: ctx.live }, settings);
  app.personalData.register(commentsPart);
  app.meExtras.push(async (userId) => ({ unreadReplies: await countUnread(db, userId) }));

  const mail = { database: ctx.database, site: ctx.config.siteName, publicUrl: ctx.config.publicUrl, now: ctx.now };
  app.jobs.register(REPLY_MAIL_JOB, async (payload: { userId: string }) => {
    await mailReplies(mail, payload.userId);
  });
  app.jobs.register(REPLY_DIGEST_JOB, async () => {
    await mailDailyDigests(mail);
    await scheduleDigest(db, new Date(ctx.now().getTime() + 60_000));
  });
}
