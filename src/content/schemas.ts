import { Type, type TSchema } from 'typebox';
import { BodySchema, MAX_TEXT } from './blocks.ts';
import { MAX_SLUG, SLUG_PATTERN } from './slug.ts';
import { ARTICLE_STATUSES, CORRECTION_KINDS } from './tables.ts';
import { MAX_LIMIT } from './pagination.ts';
import { PATTERN_MESSAGE } from '../platform/http/validation.ts';

/**
 * The content domain's request and response shapes. Each is the route's validation, its
 * TypeScript type (through the TypeBox provider) and its OpenAPI description at once.
 */

const strict = { additionalProperties: false } as const;
// Limits count characters as readers see them (maxGraphemes); maxLength only bounds the work
// a hostile string of combining marks can cause.
const limit = (max: number) => ({ maxGraphemes: max, maxLength: max * 8 });
const Name = (max: number) => Type.String({ format: 'name', minLength: 1, ...limit(max) });
const Line = (max: number) => Type.String({ format: 'line', ...limit(max) });
const Text = (max: number) => Type.String({ format: 'text', ...limit(max) });
export const Slug = Type.String({
  pattern: SLUG_PATTERN,
  minLength: 1,
  maxLength: MAX_SLUG,
  description: 'lower-case letters, digits and single hyphens',
  [PATTERN_MESSAGE]: 'lower-case letters, digits and single hyphens',
});
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Version = Type.Integer({ minimum: 1, description: 'the version you are editing; a stale one gets 409' });
const SlugList = (max: number) => Type.Array(Slug, { maxItems: max });

export const IdParams = Type.Object({ id: Uuid }, strict);
export const IdOrSlugParams = Type.Object({ idOrSlug: Type.String({ minLength: 1, maxLength: MAX_SLUG }) }, strict);
export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) }, strict);

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 20 })),
};

const HeroInput = Type.Object({ imageId: Uuid, alt: Type.Optional(Text(500)), caption: Type.Optional(Text(1_000)), credit: Type.Optional(Line(300)) }, strict);

const articleFields = {
  headline: Name(200),
  seoHeadline: Type.Optional(Line(200)),
  standfirst: Type.Optional(Text(600)),
  body: Type.Optional(BodySchema),
  bodyHtml: Type.Optional(Type.String({ maxLength: 1_000_000, description: 'HTML converted to blocks; what a block cannot hold is dropped' })),
  bodyMarkdown: Type.Optional(Type.String({ maxLength: 1_000_000, description: 'Markdown converted to blocks; raw HTML stays text' })),
  hero: Type.Optional(Type.Union([HeroInput, Type.Null()])),
  authors: Type.Optional(SlugList(20)),
  section: Slug,
  topics: Type.Optional(SlugList(30)),
  edition: Type.Optional(Type.String({ maxLength: 10 })),
  editions: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { minItems: 1, maxItems: 10 })),
  commentsEnabled: Type.Optional(Type.Boolean()),
  slug: Type.Optional(Slug),
};

export const CreateArticle = Type.Object(
  {
    ...articleFields,
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
    publishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'for archive imports: the original publication time' })),
  },
  strict,
);

export const UpdateArticle = Type.Object(
  {
    version: Version,
    headline: Type.Optional(articleFields.headline),
    seoHeadline: articleFields.seoHeadline,
    standfirst: articleFields.standfirst,
    body: articleFields.body,
    bodyHtml: articleFields.bodyHtml,
    bodyMarkdown: articleFields.bodyMarkdown,
    hero: articleFields.hero,
    authors: articleFields.authors,
    section: Type.Optional(Slug),
    topics: articleFields.topics,
    edition: articleFields.edition,
    editions: articleFields.editions,
    commentsEnabled: articleFields.commentsEnabled,
    slug: articleFields.slug,
  },
  strict,
);

export const PublishArticle = Type.Object({ version: Type.Optional(Version), publishedAt: Type.Optional(DateTime) }, strict);
export const UnpublishArticle = Type.Object({ version: Type.Optional(Version) }, strict);
export const ScheduleArticle = Type.Object({ at: DateTime, version: Type.Optional(Version) }, strict);
export const AddCorrection = Type.Object(
  {
    kind: Type.Union(CORRECTION_KINDS.map((k) => Type.Literal(k))),
    note: Type.String({ format: 'text', minLength: 1, maxLength: 2_000 }),
    version: Type.Optional(Version),
  },
  strict,
);

export const AdminArticleQuery = Type.Object(
  {
    status: Type.Optional(Type.Union(ARTICLE_STATUSES.map((s) => Type.Literal(s)))),
    section: Type.Optional(Slug),
    topic: Type.Optional(Slug),
    author: Type.Optional(Slug),
    edition: Type.Optional(Type.String({ maxLength: 10 })),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    ...PageQuery,
  },
  strict,
);

export const PublicArticleQuery = Type.Object(
  {
    section: Type.Optional(Slug),
    topic: Type.Optional(Slug),
    author: Type.Optional(Slug),
    edition: Type.Optional(Type.String({ maxLength: 10 })),
    ...PageQuery,
  },
  strict,
);

export const CreateAuthor = Type.Object(
  {
    name: Name(200),
    slug: Type.Optional(Slug),
    title: Type.Optional(Line(120)),
    bio: Type.Optional(Text(3_000)),
    photoId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  strict,
);
export const UpdateAuthor = Type.Object(
  {
    version: Version,
    name: Type.Optional(Name(200)),
    slug: Type.Optional(Slug),
    title: Type.Optional(Line(120)),
    bio: Type.Optional(Text(3_000)),
    photoId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  strict,
);
export const CreateSection = Type.Object(
  {
    name: Name(200),
    slug: Type.Optional(Slug),
    description: Type.Optional(Text(1_000)),
    parent: Type.Optional(Type.Union([Slug, Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  strict,
);
export const UpdateSection = Type.Object(
  {
    version: Version,
    name: Type.Optional(Name(200)),
    slug: Type.Optional(Slug),
    description: Type.Optional(Text(1_000)),
    parent: Type.Optional(Type.Union([Slug, Type.Null()])),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  strict,
);
export const CreateTopic = Type.Object({ name: Name(200), slug: Type.Optional(Slug), description: Type.Optional(Text(1_000)) }, strict);
export const UpdateTopic = Type.Object(
  { version: Version, name: Type.Optional(Name(200)), slug: Type.Optional(Slug), description: Type.Optional(Text(1_000)) },
  strict,
);
export const UpdateImage = Type.Object(
  {
    version: Version,
    alt: Type.Optional(Text(500)),
    caption: Type.Optional(Text(1_000)),
    credit: Type.Optional(Line(300)),
    focalX: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    focalY: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  strict,
);
export const ImageQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }, strict);

// Responses: described for the OpenAPI document; nested parts stay open so the document never
// drops a field the code sends.
const open = { additionalProperties: true } as const;
const Nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const Link = Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() }, open);
const Image = Type.Object(
  {
    id: Type.String(),
    width: Type.Integer(),
    height: Type.Integer(),
    alt: Type.String(),
    caption: Type.String(),
    credit: Type.String(),
    src: Nullable(Type.String()),
    srcset: Type.Record(Type.String(), Type.String()),
    variants: Type.Array(Type.Object({}, open)),
    /** Fixed-shape JPEG crops (card 16:9, social 1.91:1, thumbnail 1:1) around the focal point. */
    crops: Type.Optional(Type.Object({}, open)),
  },
  open,
);
const Block = Type.Object({ type: Type.String() }, open);

/** A live blog's state on its public article: whether it is open, its order and its coverage times. */
export const PublicLiveBlog = Type.Object({
  state: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  order: Type.Union([Type.Literal('newest'), Type.Literal('oldest')]),
  coverageStartedAt: Nullable(Type.String()),
  coverageEndedAt: Nullable(Type.String()),
  lastChange: Type.Integer({ description: 'The change number of the last change readers could see: pass it as `since` to ask what changed after it.' }),
  entriesUrl: Type.String(),
});

export const PublicArticle = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    url: Type.String(),
    headline: Type.String(),
    seoHeadline: Type.String(),
    standfirst: Type.String(),
    hero: Nullable(Image),
    body: Type.Optional(Type.Array(Block)),
    authors: Type.Array(Link),
    section: Link,
    topics: Type.Array(Link),
    edition: Nullable(Type.String()),
    editions: Type.Array(Type.String()),
    commentsEnabled: Type.Boolean(),
    firstPublishedAt: Nullable(Type.String()),
    publishedAt: Nullable(Type.String()),
    updatedAt: Nullable(Type.String()),
    corrections: Type.Array(Type.Object({ kind: Type.String(), note: Type.String(), createdAt: Type.String() }, open)),
    liveBlogState: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Null()], {
      description: 'Whether the article is a live blog, open or closed',
    }),
    liveBlog: Type.Optional(Nullable(PublicLiveBlog)),
  },
  open,
);

export const AdminArticle = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    url: Type.String(),
    status: Type.String(),
    version: Type.Integer(),
    headline: Type.String(),
    body: Type.Optional(Type.Array(Block)),
    liveBlog: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Null()], {
        description: 'open or closed when the article is a live blog (its entries under /entries), else null',
      }),
    ),
  },
  open,
);

export const Page = (item: TSchema) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) }, open);
export const Entity = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }, open);
export const LibraryImage = Type.Object({ ...Image.properties, version: Type.Integer() }, open);

export { MAX_TEXT };
