import { and, desc, eq, ilike, lt, or, sql, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { articleImages, articles, images, type ArticleStatus } from '../tables.ts';
import type { Cursor } from '../pagination.ts';
import type { ImageVariant } from './variants.ts';

export type ImageRow = typeof images.$inferSelect;

export async function insertImage(executor: Executor, row: typeof images.$inferInsert): Promise<ImageRow> {
  const [inserted] = await executor.insert(images).values(row).returning();
  return inserted!;
}

export async function findImage(executor: Executor, id: string): Promise<ImageRow | undefined> {
  const [row] = await executor.select().from(images).where(eq(images.id, id));
  return row;
}

export async function findImages(executor: Executor, ids: string[]): Promise<ImageRow[]> {
  if (!ids.length) return [];
  return executor.select().from(images).where(inArray(images.id, ids));
}

export async function listImages(executor: Executor, options: { q?: string | undefined; cursor?: Cursor | undefined; limit: number }): Promise<ImageRow[]> {
  const conditions = [];
  if (options.q) {
    const pattern = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(images.alt, pattern), ilike(images.caption, pattern), ilike(images.credit, pattern)));
  }
  if (options.cursor) {
    conditions.push(or(lt(images.createdAt, options.cursor.at), and(eq(images.createdAt, options.cursor.at), lt(images.id, options.cursor.id))));
  }
  return executor
    .select()
    .from(images)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(images.createdAt), desc(images.id))
    .limit(options.limit + 1);
}

export async function updateImage(
  executor: Executor,
  id: string,
  version: number,
  changes: Partial<Pick<ImageRow, 'alt' | 'caption' | 'credit' | 'focalX' | 'focalY'>>,
): Promise<ImageRow | undefined> {
  const [row] = await executor
    .update(images)
    .set({ ...changes, version: sql`${images.version} + 1`, updatedAt: new Date() })
    .where(and(eq(images.id, id), eq(images.version, version)))
    .returning();
  return row;
}

export async function appendVariants(executor: Executor, id: string, variants: ImageVariant[]): Promise<void> {
  await executor.execute(sql`update images set variants = variants || ${JSON.stringify(variants)}::jsonb where id = ${id}`);
}

/** The articles whose current content uses the image, with the state each is in. */
export async function articlesUsing(executor: Executor, id: string): Promise<{ id: string; headline: string; status: ArticleStatus }[]> {
  return executor
    .select({ id: articles.id, headline: articles.headline, status: articles.status })
    .from(articleImages)
    .innerJoin(articles, eq(articles.id, articleImages.articleId))
    .where(eq(articleImages.imageId, id))
    .orderBy(articles.headline);
}

/** Holds the image's row until the transaction ends, so two edits of it take turns. */
export async function lockImage(executor: Executor, id: string): Promise<ImageRow | undefined> {
  const [row] = await executor.select().from(images).where(eq(images.id, id)).for('update');
  return row;
}

export async function countImageUses(executor: Executor, id: string): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(articleImages)
    .where(eq(articleImages.imageId, id));
  return row?.n ?? 0;
}

export async function deleteImage(executor: Executor, id: string): Promise<boolean> {
  const deleted = await executor.delete(images).where(eq(images.id, id)).returning({ id: images.id });
  return deleted.length > 0;
}
