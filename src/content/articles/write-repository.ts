import { and, eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { articleAuthors, articleCorrections, articleImages, articleLinks, articles, articleTopics } from '../tables.ts';

// Writing an article's row and its relations (byline, topics, references, corrections).

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

export async function countInboundLinks(executor: Executor, id: string): Promise<number> {
  const [row] = await rows<{ n: number }>(executor, sql`select count(*)::int as n from article_links where target_id = ${id}`);
  return row?.n ?? 0;
}

export async function deleteArticle(executor: Executor, id: string): Promise<void> {
  await executor.delete(articles).where(eq(articles.id, id));
}
