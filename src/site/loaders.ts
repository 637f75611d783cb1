import { articles, lookupsFor, presentPublic, listPublishedPage, searchPublished, type ArticleRecord, type ListFilters, type Urls } from '../content/index.ts';
import type { Executor } from '../platform/db/database.ts';
import type { ArticleView } from './components/cards.tsx';
import { articleKey, commentsKey } from './cache/keys.ts';
import { commentCounts, threadPage, PAGE, presentThread, SHOWN_DEPTH, type Presented } from '../comments/index.ts';

/**
 * What the reader pages read, shaped for rendering. Each loader also returns the surrogate
 * keys of the articles it returns, so the page can be tagged with what it shows.
 */
export const PAGE_SIZE = 20;

export function views(records: ArticleRecord[], urls: Urls): ArticleView[] {
  const lookups = lookupsFor(records);
  return records.map((record) => presentPublic(record, lookups, urls));
}

export async function pageOfArticles(db: Executor, urls: Urls, filters: Omit<ListFilters, 'status' | 'cursor' | 'limit'>, page: number, size = PAGE_SIZE) {
  const records = await listPublishedPage(db, filters, (page - 1) * size, size);
  const items = views(records.slice(0, size), urls);
  return { items, hasNext: records.length > size, keys: items.map((a) => articleKey(a.id)) };
}

export async function searchArticles(db: Executor, urls: Urls, q: string, filters: { section?: string; edition?: string }, page: number) {
  const hits = await searchPublished(db, q, filters, (page - 1) * PAGE_SIZE, PAGE_SIZE);
  const shown = hits.slice(0, PAGE_SIZE);
  const items = views(
    shown.map((h) => h.record),
    urls,
  );
  return { results: items.map((article, i) => ({ article, title: shown[i]!.title, snippet: shown[i]!.snippet })), hasNext: hits.length > PAGE_SIZE };
}

export async function articleBySlug(db: Executor, urls: Urls, slug: string) {
  const record = await articles.getPublishedArticle(db, slug);
  const view = presentPublic(record, lookupsFor([record]), urls);
  const related = (view.body ?? []).flatMap((block) => (block.type === 'related' && block.article ? [articleKey(block.article.id)] : []));
  return { record, view, comments: await firstComments(db, record), keys: [articleKey(record.id), commentsKey(record.id), ...related] };
}

/**
 * Comment counts for every card of a page in one query, however many lists it has; returns the
 * keys that make a new comment refresh the page.
 */
export async function withCommentCounts(db: Executor, cards: ArticleView[]): Promise<string[]> {
  const taking = cards.filter((card) => card.commentsEnabled);
  const counts = await commentCounts(db, [...new Set(taking.map((card) => card.id))]);
  for (const card of taking) card.commentCount = counts.get(card.id) ?? 0;
  return [...new Set(taking.map((card) => commentsKey(card.id)))];
}

/** The first page of an article's comments, rendered with it (readable without JavaScript). */
async function firstComments(db: Executor, record: { id: string; commentsEnabled: boolean }): Promise<CommentsView | null> {
  if (!record.commentsEnabled) return null;
  // Most articles have no comments: one small read then, not the thread queries (uncached renders are a hot path).
  const count = (await commentCounts(db, [record.id])).get(record.id) ?? 0;
  if (count === 0) return { count, threads: [], nextCursor: null };
  const page = await threadPage(db, record.id, { sort: 'newest', limit: PAGE, shownDepth: SHOWN_DEPTH });
  return { count, threads: page.threads.map(presentThread), nextCursor: page.nextCursor };
}

export interface CommentsView {
  count: number;
  threads: Presented[];
  nextCursor: string | null;
}
