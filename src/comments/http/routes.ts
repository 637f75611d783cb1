import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { commentMessage, commentsTopic, userTopic } from '../live/kinds.ts';
import { accountOf } from '../../web/principal.ts';
import type { Classifier } from '../moderation/classifier.ts';
import type { ModerationSettingsSource } from '../moderation/settings-source.ts';
import { heldReason, PAGE, presentForAuthor, presentNotice, presentThread, SHOWN_DEPTH } from '../present.ts';
import { countUnread, listNotices, markAllRead } from '../notifications/repository.ts';
import { articleForComments, type CommentView } from '../repository.ts';
import { heldBy, publishedSince, recommendedOn } from '../threads/repository.ts';
import { threadPage } from '../threads/service.ts';
import { flagComment, FLAG_REASONS, recommendComment } from '../reactions/service.ts';
import type { Decision } from '../moderation/pipeline.ts';
import { deleteComment, editComment, postComment, type CommentsDeps } from '../service.ts';

/** Comments per network per minute: generous for a newsroom office or a campus behind one address. */
const IP_LIMIT = { max: 30, windowSeconds: 60 };
/** When a reader turned away by a full process should try a live stream again. */
const LIVE_RETRY_SECONDS = 60;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const PostBody = Type.Object(
  {
    text: Type.String({ maxLength: 100_000 }),
    parentId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    idempotencyKey: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);
const PageQuery = Type.Object(
  {
    sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest'), Type.Literal('recommended')])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const commentRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  settings: ModerationSettingsSource;
  classifier: Classifier;
}> = async (app, { ctx, settings, classifier }) => {
  const live = ctx.live;
  // The services announce their own changes (pages refreshed, live readers told) once committed.
  const deps: CommentsDeps = { database: ctx.database, classifier, settings: settings.get, now: ctx.now, events: ctx.events, live };

  /** Every comment write is counted per network as well as per reader: many new accounts from one address are one writer. */
  const perNetwork = (request: FastifyRequest) =>
    hit(ctx.database.db, `comments:ip:${request.network}`, IP_LIMIT, ctx.now(), 'Too many comments from your network.');

  /** A comment as its author is answered: a held one, with its text only they see, says why it waits. */
  const answer = (comment: CommentView, decision: Decision | null) => ({
    comment: presentForAuthor(comment),
    ...(comment.status === 'held' ? { held: true, reason: heldReason(decision?.findings ?? []) } : {}),
  });

  /** The signed-in reader, as the comment rules need them. */
  async function commenter(request: FastifyRequest) {
    // The session read already has the account (read once per request).
    const user = request.principal?.kind === 'account' ? (await app.currentSession(request))?.user : undefined;
    if (!user) throw new AppError('unauthorized', 'Sign in to comment.');
    if (user.state !== 'active') throw new AppError('forbidden', 'This account cannot comment.');
    return { id: user.id, name: user.displayName, role: user.role, createdAt: user.createdAt, emailVerified: user.emailVerifiedAt !== null };
  }

  app.get(
    '/articles/:id/comments',
    { config: { access: 'public' }, schema: { hide: true, params: IdParams, querystring: PageQuery } },
    async (request, reply) => {
      const articleId = request.params.id.toLowerCase();
      // The discussion is shown where the article page shows it: not on a withdrawn article or one closed to comments.
      const article = await articleForComments(ctx.database.db, articleId);
      if (!article?.live || !article.commentsEnabled) throw notFound('The discussion');
      const page = await threadPage(ctx.database.db, articleId, {
        sort: request.query.sort ?? 'newest',
        cursor: request.query.cursor,
        limit: PAGE,
        shownDepth: SHOWN_DEPTH,
      });
      reply.header('cache-control', 'public, max-age=0, s-maxage=5');
      return { count: article.commentCount, threads: page.threads.map(presentThread), nextCursor: page.nextCursor };
    },
  );

  app.post('/articles/:id/comments', { config: { access: 'account' }, schema: { hide: true, params: IdParams, body: PostBody } }, async (request, reply) => {
    // Per network as well as per reader: many new accounts from one address are one poster.
    await perNetwork(request);
    const posted = await postComment(deps, await commenter(request), request.params.id.toLowerCase(), request.body);
    return reply
      .status(posted.created ? 201 : 200)
      .header('cache-control', 'private, no-store')
      .send(answer(posted.comment, posted.decision));
  });

  const reader = (request: FastifyRequest) => accountOf(request).id;

  for (const [method, on] of [
    ['post', true],
    ['delete', false],
  ] as const) {
    app[method]('/comments/:id/recommend', { config: { access: 'account' }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const result = await recommendComment(deps, reader(request), request.params.id, on);
      return reply.header('cache-control', 'private, no-store').send({ recommended: on, recommendCount: result.comment.recommendCount });
    });
  }

  app.post(
    '/comments/:id/flags',
    {
      config: { access: 'account' },
      schema: {
        hide: true,
        params: IdParams,
        body: Type.Object(
          { reason: Type.Union(FLAG_REASONS.map((r) => Type.Literal(r))), note: Type.Optional(Type.String({ maxLength: 2_000 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { created } = await flagComment(deps, reader(request), request.params.id, request.body);
      return reply
        .status(created ? 201 : 200)
        .header('cache-control', 'private, no-store')
        .send({ flagged: true });
    },
  );

  app.patch(
    '/comments/:id',
    {
      config: { access: 'account' },
      schema: { hide: true, params: IdParams, body: Type.Object({ text: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false }) },
    },
    async (request, reply) => {
      await perNetwork(request);
      const { comment, decision } = await editComment(deps, await commenter(request), request.params.id, request.body.text);
      return reply.header('cache-control', 'private, no-store').send(answer(comment, decision));
    },
  );

  app.delete('/comments/:id', { config: { access: 'account' }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    await deleteComment(deps, reader(request), request.params.id);
    return reply.status(204).send();
  });

  /**
   * Live updates for readers on the article page: new and changed comments, and for a signed-in
   * reader the replies to them. A browser that reconnects (sending Last-Event-ID, the time of
   * the last comment it saw) first gets what it missed.
   */
  app.get('/articles/:id/comments/live', { config: { access: 'public' }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    // Checked before any other work, so that a full process sheds load cheaply, and again just
    // before the stream opens: requests that passed together while the queries ran must not
    // overshoot the ceiling.
    const refuseWhenFull = () => {
      if (live.full)
        throw new AppError(
          'unavailable',
          'Live comments are busy on this server. The comments are still on the page; reload it in a minute to follow them live.',
          undefined,
          { retryAfterSeconds: LIVE_RETRY_SECONDS },
        );
    };
    refuseWhenFull();
    const articleId = request.params.id.toLowerCase();
    const article = await articleForComments(ctx.database.db, articleId);
    if (!article?.live || !article.commentsEnabled) throw notFound('The discussion');
    const session = await app.currentSession(request);
    const last = Date.parse(String(request.headers['last-event-id'] ?? ''));
    if (!live.admits(request.network))
      throw new AppError(
        'too_many_requests',
        'Too many live connections from your network. The comments are still here; reload the page later to follow them live.',
        undefined,
        { retryAfterSeconds: 60 },
      );
    refuseWhenFull();
    const userId = session?.session.complete ? session.user.id : null;
    // What the reader missed is read once the stream is on its topics: a comment published meanwhile is not lost.
    const catchUp = async () => ({
      messages: Number.isFinite(last) ? (await publishedSince(ctx.database.db, articleId, new Date(last), 50)).map(commentMessage) : [],
    });
    await live.open(request, reply, { topics: [commentsTopic(articleId), ...(userId ? [userTopic(userId)] : [])], address: request.network, catchUp });
  });

  /** What the page cannot say to everyone: the reader's held comments (with why), their recommendations. */
  app.get('/articles/:id/comments/mine', { config: { access: 'account' }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const articleId = request.params.id.toLowerCase();
    const me = reader(request);
    const [held, recommended] = await Promise.all([heldBy(ctx.database.db, articleId, me), recommendedOn(ctx.database.db, articleId, me)]);
    return reply
      .header('cache-control', 'private, no-store')
      .send({ held: held.map((c) => ({ ...presentForAuthor(c), reason: heldReason(c.findings) })), recommended });
  });

  /** The reader's replies: how many are unread and the latest, for the page's notice. */
  app.get('/notifications', { config: { access: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const me = reader(request);
    const [unread, latest] = await Promise.all([countUnread(ctx.database.db, me), listNotices(ctx.database.db, me, { limit: 10 })]);
    return reply.header('cache-control', 'private, no-store').send({ unread, items: latest.map(presentNotice) });
  });

  app.post('/notifications/read', { config: { access: 'account' }, schema: { hide: true } }, async (request, reply) => {
    await markAllRead(ctx.database.db, reader(request), ctx.now());
    return reply.header('cache-control', 'private, no-store').send({ unread: 0 });
  });
};
