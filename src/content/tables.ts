import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Block } from './blocks.ts';
import type { ImageVariant } from './images/variants.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const editions = pgTable('editions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  locale: text('locale').notNull(),
  position: integer('position').notNull().default(0),
});

export const images = pgTable(
  'images',
  {
    id: uuid('id').primaryKey(),
    sha256: text('sha256').notNull(),
    format: text('format').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    alt: text('alt').notNull().default(''),
    caption: text('caption').notNull().default(''),
    credit: text('credit').notNull().default(''),
    /** Point of interest as fractions of width and height, used when cropping. */
    focalX: doublePrecision('focal_x').notNull().default(0.5),
    focalY: doublePrecision('focal_y').notNull().default(0.5),
    variants: jsonb('variants')
      .$type<ImageVariant[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('images_sha256_idx').on(t.sha256), index('images_created_idx').on(t.createdAt)],
);

export const authors = pgTable('authors', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  title: text('title').notNull().default(''),
  bio: text('bio').notNull().default(''),
  photoId: uuid('photo_id').references(() => images.id, { onDelete: 'set null' }),
  version: integer('version').notNull().default(1),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const sections = pgTable(
  'sections',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    parentId: uuid('parent_id').references((): AnyPgColumn => sections.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('sections_parent_idx').on(t.parentId)],
);

export const topics = pgTable('topics', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  version: integer('version').notNull().default(1),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const articles = pgTable(
  'articles',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    status: text('status').$type<ArticleStatus>().notNull().default('draft'),
    headline: text('headline').notNull(),
    seoHeadline: text('seo_headline').notNull().default(''),
    standfirst: text('standfirst').notNull().default(''),
    body: jsonb('body')
      .$type<Block[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Plain text of the body, kept beside it so search and word counts need no JSON walking. */
    bodyText: text('body_text').notNull().default(''),
    heroImageId: uuid('hero_image_id').references(() => images.id, { onDelete: 'restrict' }),
    heroCaption: text('hero_caption'),
    heroCredit: text('hero_credit'),
    heroAlt: text('hero_alt'),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => sections.id, { onDelete: 'restrict' }),
    /** Editions whose pages list the article; the first is its home edition (dateline zone). */
    editions: text('editions').array().notNull(),
    commentsEnabled: boolean('comments_enabled').notNull().default(true),
    firstPublishedAt: timestamptz('first_published_at'),
    publishedAt: timestamptz('published_at'),
    /** Last change to published content, shown to readers as "Updated". */
    updatedAt: timestamptz('updated_at'),
    scheduledAt: timestamptz('scheduled_at'),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    modifiedAt: timestamptz('modified_at').notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(headline, '')), 'A') || setweight(to_tsvector('english', coalesce(standfirst, '')), 'B') || setweight(to_tsvector('english', coalesce(body_text, '')), 'C')`,
    ),
  },
  (t) => [
    check('articles_status_check', sql`${t.status} in ('draft', 'in_review', 'scheduled', 'published', 'unpublished')`),
    index('articles_published_idx').on(t.status, t.publishedAt.desc(), t.id.desc()),
    index('articles_section_idx').on(t.sectionId),
    index('articles_search_idx').using('gin', t.search),
    index('articles_editions_idx').using('gin', t.editions),
  ],
);

export const articleAuthors = pgTable(
  'article_authors',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.authorId] }), index('article_authors_author_idx').on(t.authorId)],
);

export const articleTopics = pgTable(
  'article_topics',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.topicId] }), index('article_topics_topic_idx').on(t.topicId)],
);

/** Articles another article's body links to; kept so a linked article cannot vanish unnoticed. */
export const articleLinks = pgTable(
  'article_links',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    targetId: uuid('target_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.targetId] }), index('article_links_target_idx').on(t.targetId)],
);

/** Images an article uses (hero and body figures), so an image in use cannot be deleted. */
export const articleImages = pgTable(
  'article_images',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    imageId: uuid('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.imageId] }), index('article_images_image_idx').on(t.imageId)],
);

export const CORRECTION_KINDS = ['correction', 'update'] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export const articleCorrections = pgTable(
  'article_corrections',
  {
    id: uuid('id').primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<CorrectionKind>().notNull(),
    note: text('note').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('article_corrections_kind_check', sql`${t.kind} in ('correction', 'update')`),
    index('article_corrections_article_idx').on(t.articleId, t.createdAt),
  ],
);

export const articleRevisions = pgTable(
  'article_revisions',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

export const PAGE_STATUSES = ['draft', 'published'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/**
 * The site's own pages (about, contact, privacy notice, terms, community standards, corrections
 * policy), written in the article's block editor and served at /info/{slug}.
 */
export const pages = pgTable(
  'pages',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    status: text('status').$type<PageStatus>().notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: jsonb('body')
      .$type<Block[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    bodyText: text('body_text').notNull().default(''),
    publishedAt: timestamptz('published_at'),
    /** Last change to published content, shown to readers as "Updated". */
    updatedAt: timestamptz('updated_at'),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    modifiedAt: timestamptz('modified_at').notNull().defaultNow(),
  },
  (t) => [check('pages_status_check', sql`${t.status} in ('draft', 'published')`)],
);

export const pageRevisions = pgTable(
  'page_revisions',
  {
    pageId: uuid('page_id')
      .notNull()
      .references(() => pages.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pageId, t.version] })],
);
