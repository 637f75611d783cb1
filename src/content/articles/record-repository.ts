import { sql, type SQL } from 'drizzle-orm';
import { preparedRows, rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { Block } from '../blocks.ts';
import type { ImageRow } from '../images/repository.ts';
import { articles, type ArticleStatus, type CorrectionKind } from '../tables.ts';
import { toDateOrNull as date } from '../../platform/db/values.ts';

// Reading one article, or the few words about it other articles show: the query every read shares.

export type ArticleRow = typeof articles.$inferSelect;

/** A record as it arrives inside a JSON aggregate: its dates are strings until mapped. */
type AsJson<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export interface ArticleRecord {
  id: string;
  slug: string;
  status: ArticleStatus;
  headline: string;
  seoHeadline: string;
  standfirst: string;
  body: Block[] | null;
  heroImageId: string | null;
  heroCaption: string | null;
  heroCredit: string | null;
  heroAlt: string | null;
  editions: string[];
  commentsEnabled: boolean;
  firstPublishedAt: Date | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  scheduledAt: Date | null;
  version: number;
  createdAt: Date;
  modifiedAt: Date;
  section: { id: string; slug: string; name: string };
  /** Root first, the article's own section last. Only on single reads. */
  sectionPath: { slug: string; name: string }[] | null;
  authors: { id: string; slug: string; name: string; title: string }[];
  topics: { id: string; slug: string; name: string }[];
  corrections: { id: string; kind: CorrectionKind; note: string; createdAt: Date }[];
  /** Every image the article shows (hero; body figures on single reads), read in the same query. */
  refImages: ImageRow[];
  /** Articles its related-story blocks point at (single reads only). */
  refArticles: ArticleSummary[];
  /** Whether it is a live blog, open or closed (cards and feeds mark open ones); null for an ordinary article. */
  liveState: 'open' | 'closed' | null;
}

export function toRecord(row: SqlRow): ArticleRecord {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    headline: row.headline,
    seoHeadline: row.seo_headline,
    standfirst: row.standfirst,
    body: row.body ?? null,
    heroImageId: row.hero_image_id,
    heroCaption: row.hero_caption,
    heroCredit: row.hero_credit,
    heroAlt: row.hero_alt,
    editions: row.editions,
    commentsEnabled: row.comments_enabled,
    firstPublishedAt: date(row.first_published_at),
    publishedAt: date(row.published_at),
    updatedAt: date(row.updated_at),
    scheduledAt: date(row.scheduled_at),
    version: row.version,
    createdAt: date(row.created_at)!,
    modifiedAt: date(row.modified_at)!,
    section: row.section,
    sectionPath: row.section_path ?? null,
    authors: row.authors,
    topics: row.topics,
    corrections: (row.corrections as AsJson<ArticleRecord['corrections'][number]>[]).map((c) => ({ ...c, createdAt: date(c.createdAt)! })),
    refImages: ((row.ref_images ?? []) as AsJson<ImageRow>[]).map((i) => ({ ...i, createdAt: date(i.createdAt)!, updatedAt: date(i.updatedAt)! })),
    refArticles: row.ref_articles ?? [],
    liveState: row.live_state ?? null,
  };
}

const imageJson = sql`json_build_object('id', i.id, 'sha256', i.sha256, 'format', i.format, 'width', i.width, 'height', i.height,
  'bytes', i.bytes, 'alt', i.alt, 'caption', i.caption, 'credit', i.credit, 'focalX', i.focal_x, 'focalY', i.focal_y,
  'variants', i.variants, 'version', i.version, 'createdAt', i.created_at, 'updatedAt', i.updated_at)`;

/**
 * One round trip for an article and everything shown with it: byline, topics, corrections,
 * images, linked articles. `detail` adds the body, the section's ancestry and what the body
 * points at, which lists do not need.
 */
export function selectArticles(where: SQL, options: { detail: boolean; order?: SQL; limit?: number }): SQL {
  const detail = options.detail
    ? sql`, a.body,
        (with recursive up(id, slug, name, parent_id, depth) as (
            select id, slug, name, parent_id, 0 from sections where id = a.section_id
            union all
            select s2.id, s2.slug, s2.name, s2.parent_id, up.depth + 1 from sections s2 join up on s2.id = up.parent_id
          ) select json_agg(json_build_object('slug', slug, 'name', name) order by depth desc) from up) as section_path,
        (select json_agg(${imageJson}) from images i
          where i.id = a.hero_image_id
             or i.id in (select (b->>'imageId')::uuid from jsonb_array_elements(a.body) b where b->>'type' = 'image')) as ref_images,
        (select json_agg(json_build_object('id', r.id, 'slug', r.slug, 'status', r.status, 'headline', r.headline,
                  'standfirst', r.standfirst, 'sectionSlug', rs.slug, 'heroImageId', r.hero_image_id))
          from articles r join sections rs on rs.id = r.section_id
          where r.id in (select (b->>'articleId')::uuid from jsonb_array_elements(a.body) b where b->>'type' = 'related')) as ref_articles`
    : sql`, (select json_agg(${imageJson}) from images i where i.id = a.hero_image_id) as ref_images`;
  return sql`
    select a.id, a.slug, a.status, a.headline, a.seo_headline, a.standfirst, a.hero_image_id, a.hero_caption, a.hero_credit,
      a.hero_alt, a.editions, a.comments_enabled, a.first_published_at, a.published_at, a.updated_at, a.scheduled_at,
      a.version, a.created_at, a.modified_at,
      json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) as section,
      coalesce((select json_agg(json_build_object('id', au.id, 'slug', au.slug, 'name', au.name, 'title', au.title) order by aa.position)
                from article_authors aa join authors au on au.id = aa.author_id where aa.article_id = a.id), '[]'::json) as authors,
      coalesce((select json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) order by atp.position)
                from article_topics atp join topics t on t.id = atp.topic_id where atp.article_id = a.id), '[]'::json) as topics,
      coalesce((select json_agg(json_build_object('id', c.id, 'kind', c.kind, 'note', c.note, 'createdAt', c.created_at) order by c.created_at, c.id)
                from article_corrections c where c.article_id = a.id), '[]'::json) as corrections,
      (select lb.state from live_blogs lb where lb.article_id = a.id) as live_state
      ${detail}
    from articles a join sections s on s.id = a.section_id
    where ${where}
    ${options.order ? sql`order by ${options.order}` : sql``}
    ${options.limit ? sql`limit ${options.limit}` : sql``}`;
}

export async function findArticle(executor: Executor, by: { id: string } | { slug: string }): Promise<ArticleRecord | undefined> {
  const where = 'id' in by ? sql`a.id = ${by.id}` : sql`a.slug = ${by.slug}`;
  const [row] = await preparedRows<SqlRow>(executor, selectArticles(where, { detail: true }));
  return row ? toRecord(row) : undefined;
}

export interface ArticleSummary {
  id: string;
  slug: string;
  status: ArticleStatus;
  headline: string;
  standfirst: string;
  sectionSlug: string;
  heroImageId: string | null;
}

export async function findSummaries(executor: Executor, ids: string[]): Promise<ArticleSummary[]> {
  if (!ids.length) return [];
  return rows<ArticleSummary>(
    executor,
    sql`select a.id, a.slug, a.status, a.headline, a.standfirst, s.slug as "sectionSlug", a.hero_image_id as "heroImageId"
        from articles a join sections s on s.id = a.section_id
        where a.id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
}

export async function existingIds(executor: Executor, ids: string[]): Promise<Set<string>> {
  return new Set((await findSummaries(executor, ids)).map((s) => s.id));
}

/** Several articles by id, in any state and without bodies, in one query: the fronts tool's cards and its save-time checks. */
export async function findArticlesById(executor: Executor, ids: readonly string[]): Promise<ArticleRecord[]> {
  if (!ids.length) return [];
  const found = await rows<SqlRow>(
    executor,
    selectArticles(
      sql`a.id in (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
      { detail: false },
    ),
  );
  return found.map(toRecord);
}
