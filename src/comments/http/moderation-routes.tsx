import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { dateline } from '../../web/time.ts';
import type { CommentsLive } from '../live/hub.ts';
import { approveComment, liftSanction, rejectComment, sanctionReader, type Moderated } from '../moderation/actions.ts';
import { MODERATOR_ROLES } from '../../web/roles.ts';
import { listQueue, queueSizes, readerHistory, saveModerationSettings, type QueueName } from '../moderation/repository.ts';
import { ModerationSettingsPage, QueuePage, ReaderHistoryPage } from './moderation-views.tsx';
import { readTunables, tunableOf } from '../moderation/settings.ts';
import type { ModerationSettingsSource } from '../moderation/settings-source.ts';
import { audit } from '../../newsroom/audit/repository.ts';

const QUEUES: QueueName[] = ['held', 'flagged', 'recent'];
const NOTICES: Record<string, string> = {
  approved: 'Approved: the comment is on the page.',
  rejected: 'Rejected: the comment is gone from the page; its author sees the reason.',
  sanctioned: 'Saved: this reader cannot comment now.',
  lifted: 'Lifted: this reader can comment again.',
  settings: 'Saved: new comments are checked with these settings.',
};

/**
 * The moderation queue in the newsroom, for moderators, editors and admins: held, flagged and
 * recent comments with everything the checks found, approve and reject with a reason, and a
 * reader's history with ban and suspension.
 */
export function registerModerationRoutes(app: FastifyInstance, ctx: AppContext, kit: FormKit, live: CommentsLive, settings: ModerationSettingsSource): void {
  const page = kit.newsroomPage;
  const { state, query, form } = kit;
  const db = ctx.database.db;
  const moderators = { config: { access: 'account', html: true, roles: MODERATOR_ROLES, strong: true } } as const;
  const deps = { database: ctx.database, now: ctx.now };
  const moderator = (request: FastifyRequest) => (request.principal as { id: string }).id;
  const when = async () => {
    const edition = await kit.pages.directory.defaultEdition();
    return (d: Date) => dateline(d, edition.locale, edition.timeZone);
  };
  const done = (request: FastifyRequest) => NOTICES[String(query(request).done ?? '')];
  const back = (request: FastifyRequest, what: string) => {
    const url = safeReturnTo(form(request).back ?? '/newsroom/moderation');
    return `${url}${url.includes('?') ? '&' : '?'}done=${what}`;
  };
  const changed = (result: Moderated) => {
    ctx.events.commentsChanged(result.comment.articleId);
    if (result.shown) live.tell(result.comment, result.notified);
  };

  async function queuePage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const from = error ? new URL(safeReturnTo(form(request).back ?? '/newsroom/moderation'), 'http://x').searchParams.get('queue') : query(request).queue;
    const queue = QUEUES.includes(from as QueueName) ? (from as QueueName) : 'held';
    const [items, sizes] = await Promise.all([listQueue(db, queue, 50), queueSizes(db)]);
    const view = <QueuePage queue={queue} items={items} sizes={sizes} state={state(reply, '/newsroom/moderation', { error })} when={await when()} notice={error ? undefined : done(request)} />;
    return page(reply, 'Moderation', view, error ? 422 : 200);
  }
  app.get('/newsroom/moderation', moderators, (request, reply) => queuePage(request, reply));

  async function historyPage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const history = await readerHistory(db, (request.params as { id: string }).id, ctx.now());
    if (!history) throw notFound('The reader');
    return page(reply, `Moderation: ${history.reader.name}`, <ReaderHistoryPage history={history} state={state(reply, '/newsroom/moderation', { error })} when={await when()} notice={done(request)} />, error ? 422 : 200);
  }

  async function settingsPage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const current = tunableOf(await settings.get());
    const values = error ? (form(request) as Record<string, string>) : undefined;
    return page(reply, 'Moderation settings', <ModerationSettingsPage settings={current} state={state(reply, '/newsroom/moderation/settings', { error, ...(values ? { values } : {}) })} notice={error ? undefined : done(request)} />, error ? 422 : 200);
  }
  app.get('/newsroom/moderation/settings', moderators, (request, reply) => settingsPage(request, reply));
  app.post('/newsroom/moderation/settings', moderators, async (request, reply) => {
    let tunables;
    try {
      tunables = readTunables(form(request));
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid') return settingsPage(request, reply, error.message);
      throw error;
    }
    const principal = request.principal as Extract<typeof request.principal, { kind: 'account' }>;
    await ctx.database.transaction(async (tx) => {
      await saveModerationSettings(tx, tunables, principal.id, ctx.now());
      await audit(tx, principal, { action: 'comments.moderation-settings', targetType: 'settings', targetId: 'comments.moderation', details: { ...tunables } }, ctx.now());
    });
    settings.forget();
    return reply.redirect('/newsroom/moderation/settings?done=settings', 303);
  });

  const readerParams = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } as const;
  app.get('/newsroom/moderation/readers/:id', { ...moderators, schema: { params: readerParams } }, (request, reply) => historyPage(request, reply));

  /** A moderator's action; a refusal they can fix (no reason given) shows the page again with the message. */
  function action(url: string, work: (request: FastifyRequest) => Promise<string>) {
    app.post(url, { ...moderators, schema: { params: readerParams } }, async (request, reply) => {
      try {
        return reply.redirect(await work(request), 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
        return url.includes('/readers/') ? historyPage(request, reply, error.message) : queuePage(request, reply, error.message);
      }
    });
  }
  const commentId = (request: FastifyRequest) => (request.params as { id: string }).id;

  action('/newsroom/moderation/comments/:id/approve', async (request) => {
    changed(await approveComment(deps, moderator(request), commentId(request)));
    return back(request, 'approved');
  });
  action('/newsroom/moderation/comments/:id/reject', async (request) => {
    changed(await rejectComment(deps, moderator(request), commentId(request), form(request).reason));
    return back(request, 'rejected');
  });
  action('/newsroom/moderation/readers/:id/sanction', async (request) => {
    const body = form(request);
    await sanctionReader(deps, moderator(request), commentId(request), { kind: body.kind, days: body.days, reason: body.reason });
    return back(request, 'sanctioned');
  });
  action('/newsroom/moderation/readers/:id/lift', async (request) => {
    await liftSanction(deps, moderator(request), commentId(request));
    return `/newsroom/moderation/readers/${commentId(request)}?done=lifted`;
  });
}
