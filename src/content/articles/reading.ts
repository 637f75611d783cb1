import type { Executor } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { decodeCursor, page, DEFAULT_LIMIT } from '../pagination.ts';
import { listAll, listPublished, type ListFilters } from './listing-repository.ts';
import { findArticle, type ArticleRecord } from './record-repository.ts';

// Reading articles: one by id for the newsroom, one by slug for readers, and pages of lists.

/** An article in any state, by id; 404 if there is none. */
export async function getArticle(executor: Executor, id: string): Promise<ArticleRecord> {
  const article = await findArticle(executor, { id });
  if (!article) throw notFound('The article');
  return article;
}

export async function listArticles(
  executor: Executor,
  query: Omit<ListFilters, 'cursor' | 'limit'> & { cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await listAll(executor, { ...query, cursor: decodeCursor(query.cursor), limit });
  return page(fetched, limit, (a) => ({ at: a.modifiedAt, id: a.id }));
}

export async function listPublishedArticles(
  executor: Executor,
  query: Omit<ListFilters, 'cursor' | 'limit' | 'status'> & { cursor?: string | undefined; limit?: number | undefined },
) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await listPublished(executor, { ...query, cursor: decodeCursor(query.cursor), limit });
  return page(fetched, limit, (a) => ({ at: a.publishedAt!, id: a.id }));
}

/** A published article by slug: 404 if there never was one, 410 if it was withdrawn. */
export async function getPublishedArticle(executor: Executor, slug: string): Promise<ArticleRecord> {
  const article = await findArticle(executor, { slug });
  if (!article || (article.status !== 'published' && article.status !== 'unpublished') || !article.firstPublishedAt) throw notFound('The article');
  if (article.status === 'unpublished') throw new AppError('gone', 'This article has been withdrawn.');
  return article;
}
