import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findUserById } from '../../accounts/users/repository.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { localClassifier } from '../moderation/classifier.ts';
import { DEFAULT_SETTINGS } from '../moderation/pipeline.ts';
import { PAGE, presentComment, presentThread, SHOWN_DEPTH } from '../present.ts';
import { deleteComment, editComment, flagComment, FLAG_REASONS, postComment, recommendComment, threadPage, type CommentsDeps } from '../service.ts';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
const PostBody = Type.Object(
  { text: Type.String({ maxLength: 100_000 }), parentId: Type.Optional(Type.Union([Type.String(), Type.Null()])), idempotencyKey: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
const PageQuery = Type.Object(
  { sort: Type.Optional(Type.Union([Type.Literal('newest'), Type.Literal('oldest'), Type.Literal('recommended')])), cursor: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);

export const commentRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const deps: CommentsDeps = { database: ctx.database, classifier: localClassifier, settings: DEFAULT_SETTINGS, now: ctx.now };

  /** The signed-in reader, as the comment rules need them. */
  async function commenter(request: FastifyRequest) {
    const principal = request.principal;
    if (principal?.kind !== 'account') throw new AppError('unauthorized', 'Sign in to comment.');
    const user = await findUserById(ctx.database.db, principal.id);
    if (!user || user.state !== 'active') throw new AppError('forbidden', 'This account cannot comment.');
    return { id: user.id, role: user.role, createdAt: user.createdAt, emailVerified: user.emailVerifiedAt !== null };
  }

  app.get('/articles/:id/comments', { config: { access: 'public' }, schema: { hide: true, params: IdParams, querystring: PageQuery } }, async (request, reply) => {
    const page = await threadPage(ctx.database.db, request.params.id.toLowerCase(), { sort: request.query.sort ?? 'newest', cursor: request.query.cursor, limit: PAGE, shownDepth: SHOWN_DEPTH });
    reply.header('cache-control', 'public, max-age=0, s-maxage=5');
    return { threads: page.threads.map(presentThread), nextCursor: page.nextCursor };
  });

  app.post('/articles/:id/comments', { config: { access: 'account' }, schema: { hide: true, params: IdParams, body: PostBody } }, async (request, reply) => {
    const posted = await postComment(deps, await commenter(request), request.params.id.toLowerCase(), request.body);
    const held = posted.comment.status === 'held';
    if (posted.created && !held) ctx.events.commentsChanged(posted.comment.articleId);
    return reply
      .status(posted.created ? 201 : 200)
      .header('cache-control', 'private, no-store')
      .send({ comment: presentComment(posted.comment), ...(held ? { held: true, reason: posted.decision?.decisive?.reason ?? 'A moderator will read it first.' } : {}) });
  });

  const reader = (request: FastifyRequest) => {
    const principal = request.principal;
    if (principal?.kind !== 'account') throw new AppError('unauthorized', 'Sign in to do this.');
    return principal.id;
  };

  for (const [method, on] of [['post', true], ['delete', false]] as const) {
    app[method]('/comments/:id/recommend', { config: { access: 'account' }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
      const { comment, changed } = await recommendComment(deps, reader(request), request.params.id, on);
      if (changed) ctx.events.commentsChanged(comment.articleId);
      return reply.header('cache-control', 'private, no-store').send({ recommended: on, recommendCount: comment.recommendCount });
    });
  }

  app.post('/comments/:id/flags', {
    config: { access: 'account' },
    schema: { hide: true, params: IdParams, body: Type.Object({ reason: Type.Union(FLAG_REASONS.map((r) => Type.Literal(r))), note: Type.Optional(Type.String({ maxLength: 2_000 })) }, { additionalProperties: false }) },
  }, async (request, reply) => {
    const { created } = await flagComment(deps, reader(request), request.params.id, request.body);
    return reply.status(created ? 201 : 200).header('cache-control', 'private, no-store').send({ flagged: true });
  });

  app.patch('/comments/:id', { config: { access: 'account' }, schema: { hide: true, params: IdParams, body: Type.Object({ text: Type.String({ maxLength: 100_000 }) }, { additionalProperties: false }) } }, async (request, reply) => {
    const { comment, decision } = await editComment(deps, await commenter(request), request.params.id, request.body.text);
    ctx.events.commentsChanged(comment.articleId);
    const held = comment.status === 'held';
    return reply.header('cache-control', 'private, no-store').send({ comment: presentComment(comment), ...(held ? { held: true, reason: decision.decisive?.reason ?? 'A moderator will read it first.' } : {}) });
  });

  app.delete('/comments/:id', { config: { access: 'account' }, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const comment = await deleteComment(deps, reader(request), request.params.id);
    ctx.events.commentsChanged(comment.articleId);
    return reply.status(204).send();
  });
};
