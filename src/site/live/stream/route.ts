import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.ts';
import { liveBlogs } from '../../../content/index.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { LiveMessage } from '../../../platform/live/index.ts';
import type { SiteDirectory } from '../../directory.ts';
import { defineLiveBlogKinds, entriesTopic, entryMessages, placeOfBlog } from './kinds.ts';

/** When a reader turned away by a full process should try the live stream again. */
const LIVE_RETRY_SECONDS = 60;
/** A reader further behind than this many changed entries reloads the page instead of replaying them. */
export const CATCH_UP_LIMIT = 100;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
/** `after`: the change number the page was rendered at (a cached page may be behind); Last-Event-ID wins when the browser sends one. */
const StreamQuery = Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })) }, { additionalProperties: false });

/** A change number from Last-Event-ID; anything else (absent, garbage) is no catch-up from it. */
function changeOf(header: unknown): number | undefined {
  const text = typeof header === 'string' ? header.trim() : '';
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * `GET /api/articles/:id/entries/live`: an open live blog's entries as they are published, edited,
 * deleted, pinned or marked key events, and its state when it closes. Public, like the page. A
 * reader coming back (Last-Event-ID, or `after`) first gets what changed since; one too far behind
 * gets a single `refresh` and reloads the page.
 */
export function registerLiveStream(app: FastifyInstance, ctx: AppContext, directory: SiteDirectory): void {
  const db = ctx.database.db;
  const live = ctx.live;
  defineLiveBlogKinds(live, ctx.events, db, ctx.urls, directory);
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();

  // Checked before any other work, so that a full process sheds load cheaply, and again just before
  // the stream opens: requests that passed together while the queries ran must not overshoot.
  const refuseWhenFull = () => {
    if (live.full)
      throw new AppError(
        'unavailable',
        'Live updates are busy on this server. The entries are on the page; reload it in a minute to follow them live.',
        undefined,
        {
          retryAfterSeconds: LIVE_RETRY_SECONDS,
        },
      );
  };

  typed.get(
    '/api/articles/:id/entries/live',
    { config: { access: 'public' }, schema: { hide: true, params: IdParams, querystring: StreamQuery } },
    async (request, reply) => {
      refuseWhenFull();
      const articleId = request.params.id.toLowerCase();
      const blog = await liveBlogs.findBlog(db, articleId);
      const place = blog?.state === 'open' ? await placeOfBlog(db, directory, articleId) : null;
      if (!blog || !place) throw notFound('The live blog');
      const after = changeOf(request.headers['last-event-id']) ?? request.query.after;
      let missed: LiveMessage[] = [];
      if (after !== undefined && after < blog.lastChange) {
        const changed = await liveBlogs.changedSince(db, articleId, after, CATCH_UP_LIMIT + 1);
        if (changed.length > CATCH_UP_LIMIT) missed = [{ event: 'refresh', data: { change: blog.lastChange } }];
        else missed = await entryMessages(db, ctx.urls, place, changed);
      }
      if (!live.admits(request.network))
        throw new AppError(
          'too_many_requests',
          'Too many live connections from your network. The entries are on the page; reload it later to follow them live.',
          undefined,
          {
            retryAfterSeconds: LIVE_RETRY_SECONDS,
          },
        );
      refuseWhenFull();
      live.open(request, reply, { topics: [entriesTopic(articleId)], address: request.network, initial: missed });
    },
  );
}
