import { Type } from 'typebox';
import { BodySchema } from '../blocks.ts';
import { Slug } from '../schemas.ts';
import { PAGE_TITLE_MAX } from './rules.ts';

/** Request and response shapes for the site's own pages: validation, types and OpenAPI at once. */

const strict = { additionalProperties: false } as const;
const limit = (max: number) => ({ maxGraphemes: max, maxLength: max * 8 });
const Title = Type.String({ format: 'name', minLength: 1, ...limit(PAGE_TITLE_MAX) });
const Summary = Type.String({ format: 'text', ...limit(400) });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the version you are editing; a stale one gets 409' });
const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const CreatePage = Type.Object(
  {
    title: Title,
    slug: Type.Optional(Slug),
    summary: Type.Optional(Summary),
    body: Type.Optional(BodySchema),
    publish: Type.Optional(Type.Boolean({ description: 'publish at once' })),
  },
  strict,
);

export const SavePage = Type.Object(
  {
    version: Version,
    title: Type.Optional(Title),
    slug: Type.Optional(Slug),
    summary: Type.Optional(Summary),
    body: Type.Optional(BodySchema),
  },
  strict,
);

export const PageAction = Type.Object({ version: Type.Optional(Version) }, strict);

/** Restoring a revision is an edit: it names the version it replaces. */
export const RestorePageRevision = Type.Object({ version: Version }, strict);

export const PageIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);
export const PageRevisionParams = Type.Object({ id: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, strict);
export const PageSlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) }, strict);

const Block = Type.Object({ type: Type.String() }, { additionalProperties: true });

export const PageRevisionSummary = Type.Object({
  version: Type.Integer(),
  action: Type.String(),
  actor: Type.String(),
  title: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AdminPage = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  url: Type.String(),
  state: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('withdrawn')]),
  reserved: Type.Boolean({ description: 'a page the site links by slug (privacy, community-standards): editable, never renamed or deleted' }),
  version: Type.Integer(),
  title: Type.String(),
  summary: Type.String(),
  body: Type.Array(Block),
  publishedAt: NullableDate,
  updatedAt: NullableDate,
  createdAt: Type.String({ format: 'date-time' }),
  modifiedAt: Type.String({ format: 'date-time' }),
  revisions: Type.Optional(Type.Array(PageRevisionSummary)),
});

export const PublicPage = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  url: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  body: Type.Array(Block),
  publishedAt: NullableDate,
  updatedAt: NullableDate,
});

export const PageRevision = Type.Object({
  version: Type.Integer(),
  action: Type.String(),
  actor: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  snapshot: Type.Object({}, { additionalProperties: true }),
});
