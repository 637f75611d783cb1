import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, idParams, pageQuery, text } from '../../web/forms/schema.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import { accountOf } from '../../web/principal.ts';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { dateline } from '../../web/time.ts';
import type { CommentAnnouncements } from '../announce.ts';
import { approveComment, liftSanction, rejectComment, sanctionReader } from '../moderation/actions.ts';
import { MODERATOR_ROLES } from '../../web/roles.ts';
import { listQueue, queueSizes, readerHistory, saveModerationSettings, type QueueName } from '../moderation/repository.ts';
import { ModerationSettingsPage, QueuePage, ReaderHistoryPage } from './moderation-views.tsx';
import { readTunables, tunableOf } from '../moderation/settings.ts';
import type { ModerationSettingsSource } from '../moderation/settings-source.ts';
import { audit } from '../../platform/audit/repository.ts';

const QUEUES: QueueName[] = ['held', 'flagged', 'recent'];
const NOTICES: Record<string, string> = {
  approved: 'Approved: the comment is on the page.',
  rejected: 'Rejected: the comment is gone from the page; its author sees the reason.',
  sanctioned: 'Saved: this reader cannot comment now.',
  lifted: 'Lifted: this reader can comment again.',
  settings: 'Saved: new comments are checked with these settings.',
};

/** Where a moderator came from, to go back to after deciding (the queue they were working on). */
const back = text(2000);
const PageQuery = pageQuery({ queue: text(100), done: text(100) });
/** Word lists are long; the form parser's own limit (64 KB) is the real cap. */
const SettingsBody = formBody({
  bannedWords: text(65_536),
  suspectWords: text(65_536),
  maxLinks: text(100),
  newReaderComments: text(100),
  ratePerMinute: text(100),
  classifierHoldPercent: text(100),
});

/**
 * The moderation queue in the newsroom, for moderators, editors and admins: held, flagged and
 * recent comments with everything the checks found, approve and reject with a reason, and a
 * reader's history with ban and suspension.
 */
export function registerModerationRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  kit: FormKit,
  announcements: CommentAnnouncements,
  settings: ModerationSettingsSource,
): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const page = kit.newsroomPage;
  const { state } = kit;
  const db = ctx.database.db;
  const moderators = { config: { access: 'account', html: true, roles: MODERATOR_ROLES, strong: true } } as const;
  const deps = { database: ctx.database, now: ctx.now, ...announcements };
  const moderator = (request: FastifyRequest) => accountOf(request).id;
  const when = async () => {
    const edition = await kit.pages.directory.defaultEdition();
    return (d: Date) => dateline(d, edition.locale, edition.timeZone);
  };
  const notice = (done: string | undefined) => NOTICES[done ?? ''];
  const backTo = (from: string | undefined, what: string) => {
    const url = safeReturnTo(from ?? '/newsroom/moderation');
    return `${url}${url.includes('?') ? '&' : '?'}done=${what}`;
  };

  async function queuePage(reply: FastifyReply, shown: { queue: string | null | undefined; notice?: string | undefined; error?: string | undefined }) {
    const queue = QUEUES.includes(shown.queue as QueueName) ? (shown.queue as QueueName) : 'held';
    const [items, sizes] = await Promise.all([listQueue(db, queue, 50), queueSizes(db)]);
    const view = (
      <QueuePage
        queue={queue}
        items={items}
        sizes={sizes}
        state={state(reply, '/newsroom/moderation', { error: shown.error })}
        when={await when()}
        notice={shown.notice}
      />
    );
    return page(reply, 'Moderation', view, shown.error ? 422 : 200);
  }
  typed.get('/newsroom/moderation', { ...moderators, schema: { querystring: PageQuery } }, (request, reply) =>
    queuePage(reply, { queue: request.query.queue, notice: notice(request.query.done) }),
  );

  async function historyPage(reply: FastifyReply, readerId: string, shown: { notice?: string | undefined; error?: string | undefined }) {
    const history = await readerHistory(db, readerId, ctx.now());
    if (!history) throw notFound('The reader');
    return page(
      reply,
      `Moderation: ${history.reader.name}`,
      <ReaderHistoryPage history={history} state={state(reply, '/newsroom/moderation', { error: shown.error })} when={await when()} notice={shown.notice} />,
      shown.error ? 422 : 200,
    );
  }
  typed.get('/newsroom/moderation/readers/:id', { ...moderators, schema: { params: idParams, querystring: PageQuery } }, (request, reply) =>
    historyPage(reply, request.params.id, { notice: notice(request.query.done) }),
  );

  async function settingsPage(
    reply: FastifyReply,
    shown: { notice?: string | undefined; error?: string | undefined; values?: Record<string, string> | undefined },
  ) {
    const current = tunableOf(await settings.get());
    const formState = state(reply, '/newsroom/moderation/settings', { error: shown.error, ...(shown.values ? { values: shown.values } : {}) });
    return page(reply, 'Moderation settings', <ModerationSettingsPage settings={current} state={formState} notice={shown.notice} />, shown.error ? 422 : 200);
  }
  typed.get('/newsroom/moderation/settings', { ...moderators, schema: { querystring: PageQuery } }, (request, reply) =>
    settingsPage(reply, { notice: notice(request.query.done) }),
  );
  typed.post('/newsroom/moderation/settings', { ...moderators, schema: { body: SettingsBody } }, async (request, reply) => {
    let tunables;
    try {
      tunables = readTunables(request.body);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
      // What was typed is given back, as it was sent.
      const values = Object.fromEntries(Object.entries(request.body).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return settingsPage(reply, { error: error.message, values });
    }
    const principal = accountOf(request);
    await ctx.database.transaction(async (tx) => {
      await saveModerationSettings(tx, tunables, principal.id, ctx.now());
      await audit(
        tx,
        principal,
        { action: 'comments.moderation-settings', targetType: 'settings', targetId: 'comments.moderation', details: { ...tunables } },
        ctx.now(),
      );
    });
    settings.forget();
    return reply.redirect('/newsroom/moderation/settings?done=settings', 303);
  });

  /** A moderator's decision; a refusal they can fix (no reason given) shows the page they were on again, with the message. */
  async function decide(reply: FastifyReply, work: () => Promise<string>, again: (message: string) => Promise<unknown>) {
    try {
      return reply.redirect(await work(), 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid') throw error;
      return again(error.message);
    }
  }
  /** The queue the moderator was on: the one their return path names. */
  const queueAgain = (reply: FastifyReply, from: string | undefined) => (error: string) =>
    queuePage(reply, { queue: new URL(safeReturnTo(from ?? '/newsroom/moderation'), 'http://x').searchParams.get('queue'), error });
  const historyAgain = (reply: FastifyReply, readerId: string) => (error: string) => historyPage(reply, readerId, { error });

  typed.post('/newsroom/moderation/comments/:id/approve', { ...moderators, schema: { params: idParams, body: formBody({ back }) } }, (request, reply) =>
    decide(
      reply,
      async () => {
        await approveComment(deps, moderator(request), request.params.id);
        return backTo(request.body.back, 'approved');
      },
      queueAgain(reply, request.body.back),
    ),
  );
  typed.post(
    '/newsroom/moderation/comments/:id/reject',
    { ...moderators, schema: { params: idParams, body: formBody({ back, reason: text() }) } },
    (request, reply) =>
      decide(
        reply,
        async () => {
          await rejectComment(deps, moderator(request), request.params.id, request.body.reason);
          return backTo(request.body.back, 'rejected');
        },
        queueAgain(reply, request.body.back),
      ),
  );
  typed.post(
    '/newsroom/moderation/readers/:id/sanction',
    { ...moderators, schema: { params: idParams, body: formBody({ back, kind: text(100), days: text(100), reason: text() }) } },
    (request, reply) =>
      decide(
        reply,
        async () => {
          const { kind, days, reason } = request.body;
          await sanctionReader(deps, moderator(request), request.params.id, { kind, days, reason });
          return backTo(request.body.back, 'sanctioned');
        },
        historyAgain(reply, request.params.id),
      ),
  );
  typed.post('/newsroom/moderation/readers/:id/lift', { ...moderators, schema: { params: idParams, body: formBody({ back }) } }, (request, reply) =>
    decide(
      reply,
      async () => {
        await liftSanction(deps, moderator(request), request.params.id);
        return `/newsroom/moderation/readers/${request.params.id}?done=lifted`;
      },
      historyAgain(reply, request.params.id),
    ),
  );
}
