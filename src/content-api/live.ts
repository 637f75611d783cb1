import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { findArticle, liveBlogs, PublicLiveBlog, presentEntries, type LiveBlogRecord, type LiveEntryView } from '../content/index.ts';
import type { AppContext } from '../context.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { errorResponses } from '../platform/http/responses.ts';
import { PATTERN_MESSAGE } from '../platform/http/validation.ts';

const config = { access: 'public' } as const;
const tags = ['Content: live blogs'];
const open = { additionalProperties: true } as const;
const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);

const Entry = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    body: Type.Array(Type.Object({ type: Type.String() }, open)),
    bodyText: Type.String(),
    keyEvent: Type.Boolean(),
    pinned: Type.Boolean(),
    position: Type.Integer(),
    publishedAt: Type.String(),
    updatedAt: Nullable(Type.String()),
    change: Type.Integer(),
    writers: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() })),
  },
  open,
);
const Tombstone = Type.Object({ id: Type.String(), deleted: Type.Literal(true), change: Type.Integer() });

const Params = Type.Object({ id: Type.String({ format: 'uuid', description: "The live blog's article id" }) });
const Query = Type.Object({
  cursor: Type.Optional(
    Type.String({
      pattern: '^[1-9][0-9]{0,8}$',
      description: 'From the previous page: its `nextCursor`',
      [PATTERN_MESSAGE]: 'the `nextCursor` of the previous page',
    }),
  ),
  since: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'A change number: answers what changed after it, in change order, deleted entries as tombstones',
    }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});

/** Where a live blog's entries are in this API. */
export const liveEntriesUrl = (publicUrl: string, articleId: string) => `${publicUrl}/api/content/articles/${articleId}/entries`;

export const presentLiveState = (blog: LiveBlogRecord, entriesUrl: string) => ({
  state: blog.state,
  order: blog.entryOrder,
  coverageStartedAt: blog.coverageStartedAt?.toISOString() ?? null,
  coverageEndedAt: blog.coverageEndedAt?.toISOString() ?? null,
  lastChange: blog.lastChange,
  entriesUrl,
});

const asEntry = ({ lastChange, ...entry }: LiveEntryView) => ({ ...entry, change: lastChange });

/**
 * A live blog's published entries for apps: newest first by cursor, or, with `since`, what
 * changed after a change number (new and edited entries, and tombstones for deleted ones), so an
 * app that polls gets each change once.
 */
export const contentLiveRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const db = ctx.database.db;

  app.get(
    '/articles/:id/entries',
    {
      config,
      schema: {
        tags,
        summary: "A live blog's published entries, newest first; or, with `since`, what changed after that change",
        params: Params,
        querystring: Query,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Union([Entry, Tombstone])),
            nextCursor: Type.Optional(Nullable(Type.String())),
            nextSince: Type.Optional(Nullable(Type.Integer({ description: 'More changed than one answer holds: ask again with this as `since`' }))),
            blog: PublicLiveBlog,
          }),
          ...errorResponses('bad_request', 'not_found'),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { cursor, since, limit = 20 } = request.query;
      if (cursor !== undefined && since !== undefined) throw invalid('since', 'Ask for a page (cursor) or for changes (since), not both.');
      const article = await findArticle(db, { id });
      const blog = article?.status === 'published' ? await liveBlogs.findBlog(db, id) : undefined;
      if (!article || !blog) throw notFound('The live blog');
      const state = presentLiveState(blog, liveEntriesUrl(ctx.config.publicUrl, id));
      if (since !== undefined) {
        const changed = await liveBlogs.changedSince(db, id, since, limit + 1);
        const shown = changed.slice(0, limit);
        const views = new Map(
          (
            await presentEntries(
              db,
              shown.filter((e) => e.status === 'published'),
              ctx.urls,
            )
          ).map((v) => [v.id, v]),
        );
        const items = shown.map((e) => (views.has(e.id) ? asEntry(views.get(e.id)!) : { id: e.id, deleted: true as const, change: e.lastChange }));
        return { items, nextSince: changed.length > limit ? shown.at(-1)!.lastChange : null, blog: state };
      }
      const found = await liveBlogs.publishedBefore(db, id, cursor === undefined ? null : Number(cursor), limit + 1);
      const shown = found.slice(0, limit);
      const items = (await presentEntries(db, shown, ctx.urls)).map(asEntry);
      return { items, nextCursor: found.length > limit ? String(shown.at(-1)!.position) : null, blog: state };
    },
  );
};
