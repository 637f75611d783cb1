import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context.ts';
import { EditionCode, liveBlogs } from '../../../content/index.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { SiteDirectory } from '../../directory.ts';
import { CATCH_UP_LIMIT, CatchUps } from './catch-up.ts';
import { defineLiveBlogKinds, entriesTopic, entryMessages, placeOfBlog } from './kinds.ts';

/** When a reader turned away by a full process should try the live stream again. */
const LIVE_RETRY_SECONDS = 60;

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
/**
 * `after`: the change number the page was rendered at (a cached page may be behind); Last-Event-ID
 * wins when the browser sends one. `edition`: the edition of the page following (its times and
 * links); the blog's home edition when not given (pages cached before editions had topics).
 */
const StreamQuery = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    edition: Type.Optional(EditionCode),
  },
  { additionalProperties: false },
);

/** A change number from Last-Event-ID; anything else (absent, garbage) is no catch-up from it. */
function changeOf(header: unknown): number | undefined {
  const text = typeof header === 'string' ? header.trim() : '';
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * The last change Pushpin gave its readers of `topic`, from the Grip-Last header it sends when it
 * follows the stream's next link (`<topic>; last-id=N`, several joined with commas). Anyone may
 * send the header, but it only chooses where a catch-up starts, as `after` does.
 */
function gripLastOf(header: unknown, topic: string): number | undefined {
  for (const part of typeof header === 'string' ? header.split(',') : []) {
    const [name, ...params] = part.split(';').map((piece) => piece.trim());
    const id = params.find((param) => param.startsWith('last-id='))?.slice('last-id='.length);
    // A state's id is the change it follows, then a suffix of its own (see kinds.ts).
    if (name === topic) return changeOf(/^\d+/.exec(id ?? '')?.[0]);
  }
  return undefined;
}

/**
 * `GET /api/articles/:id/entries/live`: an open live blog's entries as they are published, edited,
 * deleted, pinned or marked key events, and its state when it closes. Public, like the page. A
 * reader coming back (Last-Event-ID, or `after`) first gets what changed since; one too far behind
 * gets a single `refresh` and reloads the page.
 */
export async function registerLiveStream(app: FastifyInstance, ctx: AppContext, directory: SiteDirectory): Promise<void> {
  const db = ctx.database.db;
  const live = ctx.live;
  const editions = (await directory.site()).editions.map((e) => e.code);
  defineLiveBlogKinds(live, ctx.events, db, ctx.urls, directory, editions);
  const catchUps = new CatchUps(async (articleId, edition, after) => {
    const place = await placeOfBlog(db, directory, articleId, edition);
    // Taken down since the route looked: an error is not kept, where an empty catch-up would be.
    if (!place) throw notFound('The live blog');
    return entryMessages(db, ctx.urls, place, await liveBlogs.changedSince(db, articleId, after, CATCH_UP_LIMIT));
  });
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
      // Where readers see the blog in the edition asked for (its home edition when none): null when they cannot.
      const place = blog && (await placeOfBlog(db, directory, articleId, request.query.edition));
      if (!blog || !place) throw notFound('The live blog');
      const topic = entriesTopic(articleId, place.edition);
      const gripLast = gripLastOf(request.headers['grip-last'], topic);
      // A reader still asking after the blog closed (it missed the closing state: a network blip,
      // a laptop waking, Pushpin following the stream's link) learns it, and its stream ends,
      // instead of a 404 it would keep retrying. Only for a blog readers may see (place).
      if (blog.state !== 'open') return live.finish(reply, [{ event: 'state', data: { state: 'closed' } }]);
      const after = gripLast ?? changeOf(request.headers['last-event-id']) ?? request.query.after;
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
      // Read once the stream is on its topic (see LiveChannel.open): the blog's change number, then what changed since `after`.
      const catchUp = async () => {
        const { lastChange } = await liveBlogs.getBlog(db, articleId);
        return {
          messages: after === undefined ? [] : await catchUps.since(articleId, place.edition, after, lastChange),
          // Pushpin's reliable delivery, which closes the gap between this read and Pushpin holding
          // the reader without a timer of ours: the hold names the last change read here (prev-id).
          // A later one Pushpin was already given makes it fetch `next` at once; it fetches it
          // anyway a second after it subscribes to a topic, and again whenever a message does not
          // follow the last it delivered, sending Grip-Last (the last it delivered), which wins over
          // `after`. Those fetches are shared by every reader at the same point, and the catch-up
          // is rendered once (catch-up.ts).
          reliable: { previous: { [topic]: String(lastChange) }, next: `/api/articles/${articleId}/entries/live?edition=${place.edition}&after=${lastChange}` },
        };
      };
      await live.open(request, reply, { topics: [topic], address: request.network, catchUp });
    },
  );
}
