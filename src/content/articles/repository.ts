import { and, eq, sql, type SQL } from 'drizzle-orm';
import { preparedRows, rows, type Executor } from '../../platform/db/database.ts';
import type { Block } from '../blocks.ts';
import type { Cursor } from '../pagination.ts';
import { prefixQuery } from './prefix-query.ts';
import type { ImageRow } from '../images/repository.ts';
import {
  articleAuthors,
  articleCorrections,
  articleImages,
  articleLinks,
  articleRevisions,
  articles,
  articleTopics,
  type ArticleStatus,
  type CorrectionKind,
} from '../tables.ts';
import { toDateOrNull as date } from '../../platform/db/values.ts';

export type ArticleRow = typeof articles.$inferSelect;

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
}


function toRecord(row: Record<string, any>): ArticleRecord {
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
    corrections: (row.corrections as any[]).map((c) => ({ ...c, createdAt: date(c.createdAt)! })),
    refImages: ((row.ref_images ?? []) as any[]).map((i) => ({ ...i, createdAt: date(i.createdAt)!, updatedAt: date(i.updatedAt)! })),
    refArticles: row.ref_articles ?? [],
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
function selectArticles(where: SQL, options: { detail: boolean; order?: SQL; limit?: number }): SQL {
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
                from article_corrections c where c.article_id = a.id), '[]'::json) as corrections
      ${detail}
    from articles a join sections s on s.id = a.section_id
    where ${where}
    ${options.order ? sql`order by ${options.order}` : sql``}
    ${options.limit ? sql`limit ${options.limit}` : sql``}`;
}

export async function findArticle(executor: Executor, by: { id: string } | { slug: string }): Promise<ArticleRecord | undefined> {
  const where = 'id' in by ? sql`a.id = ${by.id}` : sql`a.slug = ${by.slug}`;
  const [row] = await preparedRows<Record<string, any>>(executor, selectArticles(where, { detail: true }));
  return row ? toRecord(row) : undefined;
}

export interface ListFilters {
  status?: ArticleStatus | undefined;
  /** Slug of a section; articles in the sections under it are included. */
  section?: string | undefined;
  topic?: string | undefined;
  author?: string | undefined;
  edition?: string | undefined;
  q?: string | undefined;
  cursor?: Cursor | undefined;
  /** Match words by their start as typed so far (the newsroom's search), not whole English words. */
  matchPrefix?: boolean | undefined;
  /** Newest change first (the default), or oldest first (the newsroom's "waiting longest"). */
  sort?: 'newest' | 'oldest' | undefined;
  limit: number;
}

function filtersSql(filters: Partial<ListFilters>): SQL[] {
  const where: SQL[] = [];
  if (filters.status) where.push(sql`a.status = ${filters.status}`);
  if (filters.section) {
    where.push(sql`a.section_id in (
      with recursive down(id) as (
        select id from sections where slug = ${filters.section}
        union all
        select s3.id from sections s3 join down on s3.parent_id = down.id)
      select id from down)`);
  }
  if (filters.topic) {
    where.push(sql`exists (select 1 from article_topics x join topics t on t.id = x.topic_id where x.article_id = a.id and t.slug = ${filters.topic})`);
  }
  if (filters.author) {
    where.push(sql`exists (select 1 from article_authors x join authors au on au.id = x.author_id where x.article_id = a.id and au.slug = ${filters.author})`);
  }
  if (filters.edition) where.push(sql`${filters.edition} = any(a.editions)`);
  if (filters.q && filters.matchPrefix) {
    const query = prefixQuery(filters.q);
    // Nothing searchable typed: nothing matches, as with an empty web search.
    // Stemmed, a prefix longer than the stem misses ("crossi" is not a prefix of "cross"), so the
    // headline is also matched word for word as written. Computed per row: newsroom lists only.
    where.push(query ? sql`(a.search @@ to_tsquery('english', ${query}) or to_tsvector('simple', a.headline) @@ to_tsquery('simple', ${query}))` : sql`false`);
  } else if (filters.q) where.push(sql`a.search @@ websearch_to_tsquery('english', ${filters.q})`);
  return where;
}

/** Published articles, newest first, for the Content API and the reader site. */
export async function listPublished(executor: Executor, filters: Omit<ListFilters, 'status'>): Promise<ArticleRecord[]> {
  const where = [sql`a.status = 'published'`, ...filtersSql(filters)];
  if (filters.cursor) where.push(sql`(a.published_at, a.id) < (${filters.cursor.at.toISOString()}::timestamptz, ${filters.cursor.id}::uuid)`);
  const found = await rows<Record<string, any>>(
    executor,
    selectArticles(sql.join(where, sql` and `), { detail: false, order: sql`a.published_at desc, a.id desc`, limit: filters.limit + 1 }),
  );
  return found.map(toRecord);
}

/** A page of published articles by number, for reader pages whose URLs say `?page=N`. */
export async function listPublishedPage(executor: Executor, filters: Omit<ListFilters, 'status' | 'cursor' | 'limit'>, offset: number, limit: number): Promise<ArticleRecord[]> {
  const where = [sql`a.status = 'published'`, ...filtersSql(filters)];
  const found = await preparedRows<Record<string, any>>(
    executor,
    sql`${selectArticles(sql.join(where, sql` and `), { detail: false, order: sql`a.published_at desc, a.id desc`, limit: limit + 1 })} offset ${offset}`,
  );
  return found.map(toRecord);
}

// Private-use characters mark matches in snippets: the text around them is escaped when
// rendered, and no markup from an article ever passes through as HTML.
export const MATCH_START = '\ue000';
export const MATCH_END = '\ue001';

export interface SearchHit {
  record: ArticleRecord;
  /** The headline with every match marked. */
  title: string;
  snippet: string;
}

/** Published articles matching a web-style query (quotes, OR, -word), best first. */
export async function searchPublished(
  executor: Executor,
  q: string,
  filters: Omit<ListFilters, 'status' | 'cursor' | 'limit' | 'q'>,
  offset: number,
  limit: number,
): Promise<SearchHit[]> {
  const where = [sql`a.status = 'published'`, sql`a.search @@ query`, ...filtersSql(filters)];
  const found = await rows<Record<string, any>>(
    executor,
    sql`with query as (select websearch_to_tsquery('english', ${q}) as query),
        hits as (
          select a.id, ts_rank_cd(a.search, query) as rank,
            ts_headline('english', a.headline, query, ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`}) as title,
            ts_headline('english', a.standfirst || ' ' || a.body_text, query,
              ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=40, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
          from articles a, query
          where ${sql.join(where, sql` and `)}
          order by rank desc, a.published_at desc, a.id desc
          limit ${limit + 1} offset ${offset})
        select h.snippet, h.title, h.rank, x.* from hits h
        join lateral (${selectArticles(sql`a.id = h.id`, { detail: false })}) x on true
        order by h.rank desc, x.published_at desc, x.id desc`,
  );
  return found.map((row) => ({ record: toRecord(row), title: row.title, snippet: row.snippet }));
}

export interface SitemapEntry {
  id: string;
  slug: string;
  sectionSlug: string;
  headline: string;
  publishedAt: Date;
  modifiedAt: Date;
}

/** Published articles for sitemaps, oldest first so page N keeps its articles as more arrive. */
export async function sitemapEntries(executor: Executor, options: { offset: number; limit: number; since?: Date }): Promise<SitemapEntry[]> {
  const found = await rows<{ id: string; slug: string; section_slug: string; headline: string; published_at: unknown; modified_at: unknown }>(
    executor,
    sql`select a.id, a.slug, s.slug as section_slug, a.headline, a.published_at, coalesce(a.updated_at, a.published_at) as modified_at
        from articles a join sections s on s.id = a.section_id
        where a.status = 'published' ${options.since ? sql`and a.published_at >= ${options.since.toISOString()}::timestamptz` : sql``}
        order by a.published_at ${options.since ? sql`desc` : sql`asc`}, a.id
        limit ${options.limit} offset ${options.offset}`,
  );
  return found.map((r) => ({ id: r.id, slug: r.slug, sectionSlug: r.section_slug, headline: r.headline, publishedAt: date(r.published_at)!, modifiedAt: date(r.modified_at)! }));
}

export async function countPublished(executor: Executor): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from articles where status = 'published'`);
  return Number(row?.n ?? 0);
}

/** Every article in any state, most recently changed first, for the newsroom. */
export async function listAll(executor: Executor, filters: ListFilters): Promise<ArticleRecord[]> {
  const where = filtersSql(filters);
  const oldest = filters.sort === 'oldest';
  if (filters.cursor) {
    const position = sql`(${filters.cursor.at.toISOString()}::timestamptz, ${filters.cursor.id}::uuid)`;
    where.push(oldest ? sql`(a.modified_at, a.id) > ${position}` : sql`(a.modified_at, a.id) < ${position}`);
  }
  const found = await rows<Record<string, any>>(
    executor,
    selectArticles(where.length ? sql.join(where, sql` and `) : sql`true`, { detail: false, order: oldest ? sql`a.modified_at asc, a.id asc` : sql`a.modified_at desc, a.id desc`, limit: filters.limit + 1 }),
  );
  return found.map(toRecord);
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
        where a.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
}

export async function existingIds(executor: Executor, ids: string[]): Promise<Set<string>> {
  return new Set((await findSummaries(executor, ids)).map((s) => s.id));
}

export async function insertArticle(executor: Executor, row: typeof articles.$inferInsert): Promise<void> {
  await executor.insert(articles).values(row);
}

/** Applies `changes` only if `version` is still current; bumps the version. */
export async function updateArticle(
  executor: Executor,
  id: string,
  version: number,
  changes: Partial<typeof articles.$inferInsert>,
): Promise<{ version: number } | undefined> {
  const [row] = await executor
    .update(articles)
    .set({ ...changes, version: sql`${articles.version} + 1`, modifiedAt: new Date() })
    .where(and(eq(articles.id, id), eq(articles.version, version)))
    .returning({ version: articles.version });
  return row;
}

export async function currentVersion(executor: Executor, id: string): Promise<{ version: number } | undefined> {
  const [row] = await executor.select({ version: articles.version }).from(articles).where(eq(articles.id, id));
  return row;
}

/** Replaces an article's byline, topics and references, keeping the order given. */
export async function replaceRelations(
  executor: Executor,
  articleId: string,
  relations: { authorIds?: string[]; topicIds?: string[]; linkedIds?: string[]; imageIds?: string[] },
): Promise<void> {
  if (relations.authorIds) {
    await executor.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId));
    if (relations.authorIds.length) {
      await executor.insert(articleAuthors).values(relations.authorIds.map((authorId, position) => ({ articleId, authorId, position })));
    }
  }
  if (relations.topicIds) {
    await executor.delete(articleTopics).where(eq(articleTopics.articleId, articleId));
    if (relations.topicIds.length) {
      await executor.insert(articleTopics).values(relations.topicIds.map((topicId, position) => ({ articleId, topicId, position })));
    }
  }
  if (relations.linkedIds) {
    await executor.delete(articleLinks).where(eq(articleLinks.articleId, articleId));
    const unique = [...new Set(relations.linkedIds)];
    if (unique.length) await executor.insert(articleLinks).values(unique.map((targetId) => ({ articleId, targetId })));
  }
  if (relations.imageIds) {
    await executor.delete(articleImages).where(eq(articleImages.articleId, articleId));
    const unique = [...new Set(relations.imageIds)];
    if (unique.length) await executor.insert(articleImages).values(unique.map((imageId) => ({ articleId, imageId })));
  }
}

export async function insertCorrection(executor: Executor, row: typeof articleCorrections.$inferInsert): Promise<void> {
  await executor.insert(articleCorrections).values(row);
}

export async function insertRevision(executor: Executor, row: typeof articleRevisions.$inferInsert): Promise<void> {
  await executor.insert(articleRevisions).values(row);
}

export async function listRevisions(executor: Executor, articleId: string) {
  return rows<{ version: number; action: string; actor: string; createdAt: Date; snapshot: Record<string, unknown> }>(
    executor,
    sql`select version, action, actor, created_at as "createdAt", snapshot from article_revisions
        where article_id = ${articleId} order by version desc`,
  );
}

export interface RevisionSummary {
  version: number;
  action: string;
  actor: string;
  createdAt: Date;
  headline: string;
}

/** The history list: who saved what when, without the (large) snapshots. */
export async function listRevisionSummaries(executor: Executor, articleId: string, limit: number): Promise<RevisionSummary[]> {
  const found = await rows<RevisionSummary & { createdAt: Date | string }>(
    executor,
    sql`select version, action, actor, created_at as "createdAt", snapshot->>'headline' as headline
        from article_revisions where article_id = ${articleId} order by version desc limit ${limit}`,
  );
  return found.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

/** One revision, or (with `before`) the newest revision older than that version. */
export async function findRevision(executor: Executor, articleId: string, version: number, options: { before?: boolean } = {}) {
  const condition = options.before ? sql`version < ${version}` : sql`version = ${version}`;
  const [found] = await rows<{ version: number; action: string; actor: string; createdAt: Date | string; snapshot: Record<string, unknown> }>(
    executor,
    sql`select version, action, actor, created_at as "createdAt", snapshot from article_revisions
        where article_id = ${articleId} and ${condition} order by version desc limit 1`,
  );
  return found ? { ...found, createdAt: new Date(found.createdAt) } : null;
}

export async function countInboundLinks(executor: Executor, id: string): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from article_links where target_id = ${id}`);
  return row?.n ?? 0;
}

export async function deleteArticle(executor: Executor, id: string): Promise<void> {
  await executor.delete(articles).where(eq(articles.id, id));
}
