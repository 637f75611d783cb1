import { Type } from 'typebox';
import { BodySchema, type LiveBlogRecord, type LiveEntryRecord } from '../../content/index.ts';

// The shapes of live blogs and their entries in the newsroom's APIs: validation, types and OpenAPI at once.

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Version = Type.Integer({ minimum: 1, description: 'the version you are editing; a stale one gets 409 with the current one in error.current' });
const Slug = Type.String({ minLength: 1, maxLength: 200 });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

// Spelled out (not mapped from the tables' lists) so their static types stay literal; live-schemas.test.ts checks they match.
export const State = Type.Union([Type.Literal('open'), Type.Literal('closed')]);
export const Order = Type.Union([Type.Literal('newest'), Type.Literal('oldest')]);
export const Status = Type.Union([Type.Literal('draft'), Type.Literal('held'), Type.Literal('scheduled'), Type.Literal('published'), Type.Literal('deleted')]);

export const EntryParams = Type.Object({ id: Uuid, entryId: Uuid }, strict);

export const LiveBlogSettingsBody = Type.Object(
  {
    state: Type.Optional(State),
    entryOrder: Type.Optional(Order),
    holdEntries: Type.Optional(Type.Boolean({ description: 'entries by writers wait for an editor too (contributors’ always do)' })),
    version: Type.Optional(Version),
  },
  { ...strict, description: 'Makes the article a live blog (no version), or changes it (with its version)' },
);

const entryFields = {
  title: Type.Optional(Type.String({ format: 'line', maxGraphemes: 300, maxLength: 2_400 })),
  body: Type.Optional(BodySchema),
  bodyHtml: Type.Optional(Type.String({ maxLength: 200_000, description: 'HTML converted to blocks' })),
  bodyMarkdown: Type.Optional(Type.String({ maxLength: 200_000, description: 'Markdown converted to blocks' })),
  writers: Type.Optional(Type.Array(Slug, { maxItems: 10, description: 'author slugs, in byline order' })),
  keyEvent: Type.Optional(Type.Boolean()),
  pinned: Type.Optional(Type.Boolean({ description: 'one entry at a time: pinning one unpins the other' })),
};

export const Release = Type.Union([Type.Literal('publish'), Type.Literal('hold'), Type.Literal('schedule')]);

export const CreateEntry = Type.Object(
  {
    ...entryFields,
    as: Type.Optional(Type.Union([Type.Literal('draft'), Release])),
    scheduledAt: Type.Optional(DateTime),
  },
  { ...strict, description: 'A new entry: a draft unless `as` sends it on' },
);

export const UpdateEntry = Type.Object({ ...entryFields, version: Version }, strict);
export const ReleaseEntry = Type.Object({ version: Version, as: Type.Optional(Release), scheduledAt: Type.Optional(DateTime) }, strict);
export const DeleteEntryQuery = Type.Object({ version: Version }, strict);
export const EntryListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })) }, strict);

export const AdminLiveBlog = Type.Object({
  articleId: Uuid,
  state: State,
  entryOrder: Order,
  holdEntries: Type.Boolean(),
  coverageStartedAt: Nullable(DateTime),
  coverageEndedAt: Nullable(DateTime),
  entries: Type.Integer({ description: 'entries published so far (positions given)' }),
  version: Type.Integer(),
});

export const AdminEntry = Type.Object({
  id: Uuid,
  articleId: Uuid,
  status: Status,
  title: Type.String(),
  body: BodySchema,
  writers: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
  keyEvent: Type.Boolean(),
  pinned: Type.Boolean(),
  position: Type.Union([Type.Integer(), Type.Null()]),
  publishedAt: Nullable(DateTime),
  scheduledAt: Nullable(DateTime),
  updatedAt: Nullable(DateTime),
  createdBy: Type.String(),
  createdAt: DateTime,
  version: Type.Integer(),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const presentBlog = (blog: LiveBlogRecord) => ({
  articleId: blog.articleId,
  state: blog.state,
  entryOrder: blog.entryOrder,
  holdEntries: blog.holdEntries,
  coverageStartedAt: iso(blog.coverageStartedAt),
  coverageEndedAt: iso(blog.coverageEndedAt),
  entries: blog.lastPosition,
  version: blog.version,
});

export const presentEntry = (entry: LiveEntryRecord) => ({
  id: entry.id,
  articleId: entry.articleId,
  status: entry.status,
  title: entry.title,
  body: entry.body,
  writers: entry.writers.map((w) => ({ slug: w.slug, name: w.name })),
  keyEvent: entry.keyEvent,
  pinned: entry.pinned,
  position: entry.position,
  publishedAt: iso(entry.publishedAt),
  scheduledAt: iso(entry.scheduledAt),
  updatedAt: iso(entry.updatedAt),
  createdBy: entry.createdBy,
  createdAt: entry.createdAt.toISOString(),
  version: entry.version,
});
