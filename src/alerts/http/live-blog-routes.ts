import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findArticle, liveBlogs } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import * as follows from '../live-blogs/repository.ts';
import { MAX_FOLLOWED_BLOGS } from '../live-blogs/rules.ts';
import { admitNewSubscription, type SubscriptionLimits } from '../subscriptions/limits.ts';
import type { EndpointPolicy } from '../subscriptions/endpoint.ts';
import { findByEndpoint } from '../subscriptions/repository.ts';
import { readSubscription, readTimeZone } from '../subscriptions/validate.ts';
import { SubscriptionBody } from './schemas.ts';

/** What the follow routes share with the subscription routes: who is asking, and the limits. */
export interface FollowOptions {
  ctx: AppContext;
  policy: EndpointPolicy;
  limits: SubscriptionLimits;
  browserOf: (request: FastifyRequest) => string;
  signedIn: (request: FastifyRequest) => Promise<string | null>;
}

const Params = Type.Object({ articleId: Type.String({ format: 'uuid' }) });
const EndpointOnly = Type.Object({ endpoint: Type.String({ maxLength: 4096 }) }, { additionalProperties: false });

/** The live blog readers may follow: published, and open. A closed one offers no follow (409). */
async function followable(db: Executor, articleId: string) {
  const [article, blog] = await Promise.all([findArticle(db, { id: articleId }), liveBlogs.findBlog(db, articleId)]);
  if (!article || article.status !== 'published' || !blog) throw notFound('The live blog');
  if (blog.state !== 'open') throw conflict('This live blog is closed: there is nothing more to follow.');
  return blog;
}

/**
 * Following a live blog from its page (the follow island): this browser's push subscription
 * follows it (made, choosing nothing else, when the browser had none here), is asked whether it
 * does, and stops (404 when it does not follow the blog, or is no subscription of ours). The
 * endpoint is the browser's secret, as for the subscription routes.
 */
export const liveBlogFollowRoutes: FastifyPluginAsyncTypebox<FollowOptions> = async (app, { ctx, policy, limits, browserOf, signedIn }) => {
  const db = ctx.database.db;

  app.post(
    '/alerts/live-blogs/:articleId/follow',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: Params,
        body: Type.Object({ subscription: SubscriptionBody, timeZone: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const articleId = request.params.articleId.toLowerCase();
      await followable(db, articleId);
      const input = readSubscription(request.body.subscription, policy);
      const userId = await signedIn(request);
      if (!(await findByEndpoint(db, input.endpoint)))
        await admitNewSubscription(db, limits, { browser: browserOf(request), network: request.network }, ctx.now());
      const created = await ctx.database.transaction(async (tx) => {
        const subscription = await follows.ensureSubscription(tx, { ...input, userId, timeZone: readTimeZone(request.body.timeZone), at: ctx.now() });
        if ((await follows.followCount(tx, subscription.id)) >= MAX_FOLLOWED_BLOGS && !(await follows.isFollowing(tx, input.endpoint, articleId)))
          throw conflict(`This browser follows ${MAX_FOLLOWED_BLOGS} live blogs already; stop following one first.`);
        await follows.follow(tx, subscription.id, articleId, ctx.now());
        return subscription.created;
      });
      return reply
        .status(created ? 201 : 200)
        .header('cache-control', 'private, no-store')
        .send({ following: true });
    },
  );

  app.post(
    '/alerts/live-blogs/:articleId/follow/lookup',
    { config: { access: 'public' }, schema: { hide: true, params: Params, body: EndpointOnly } },
    async (request, reply) => {
      const following = await follows.isFollowing(db, request.body.endpoint, request.params.articleId.toLowerCase());
      return reply.header('cache-control', 'private, no-store').send({ following });
    },
  );

  app.delete(
    '/alerts/live-blogs/:articleId/follow',
    { config: { access: 'public' }, schema: { hide: true, params: Params, body: EndpointOnly } },
    async (request, reply) => {
      const stopped = await ctx.database.transaction((tx) => follows.unfollow(tx, request.body.endpoint, request.params.articleId.toLowerCase()));
      if (!stopped) throw new AppError('not_found', 'This browser does not follow this live blog: there was nothing to stop.');
      return reply.status(204).send();
    },
  );
};
