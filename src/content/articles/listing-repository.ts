import { sql, type SQL } from 'drizzle-orm';
import { preparedRows, rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import type { Cursor } from '../pagination.ts';
import { prefixQuery } from './prefix-query.ts';
import { selectArticles, toRecord, type ArticleRecord } from './record-repository.ts';
import type { ArticleStatus } from '../tables.ts';
import { toDateOrNull as date } from '../../platform/db/values.ts';

// Listing and searching articles: the newsroom's lists, reader pages, feeds and sitemaps.

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
  const found = await rows<SqlRow>(
    executor,
    selectArticles(sql.join(where, sql` and `), { detail: false, order: sql`a.published_at desc, a.id desc`, limit: filters.limit + 1 }),
  );
  return found.map(toRecord);
}

/** A page of published articles by number, for reader pages whose URLs say `?page=N`. */
export async function listPublishedPage(
  executor: Executor,
  filters: Omit<ListFilters, 'status' | 'cursor' | 'limit'>,
  offset: number,
  limit: number,
): Promise<ArticleRecord[]> {
  const where = [sql`a.status = 'published'`, ...filtersSql(filters)];
  const found = await preparedRows<SqlRow>(
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
  const found = await rows<SqlRow>(
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
  return found.map((r) => ({
    id: r.id,
    slug: r.slug,
    sectionSlug: r.section_slug,
    headline: r.headline,
    publishedAt: date(r.published_at)!,
    modifiedAt: date(r.modified_at)!,
  }));
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
  const found = await rows<SqlRow>(
    executor,
    selectArticles(where.length ? sql.join(where, sql` and `) : sql`true`, {
      detail: false,
      order: oldest ? sql`a.modified_at asc, a.id asc` : sql`a.modified_at desc, a.id desc`,
      limit: filters.limit + 1,
    }),
  );
  return found.map(toRecord);
}
