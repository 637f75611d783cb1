import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { articleAuthors, articles, articleTopics, authors, editions, sections, topics } from '../tables.ts';

export type AuthorRow = typeof authors.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type TopicRow = typeof topics.$inferSelect;
export type EditionRow = typeof editions.$inferSelect;

export const listEditions = (executor: Executor) => executor.select().from(editions).orderBy(asc(editions.position));

// Authors

export const listAuthors = (executor: Executor) => executor.select().from(authors).orderBy(asc(authors.name), asc(authors.id));

export async function findAuthor(executor: Executor, by: { id: string } | { slug: string }): Promise<AuthorRow | undefined> {
  const [row] = await executor.select().from(authors).where('id' in by ? eq(authors.id, by.id) : eq(authors.slug, by.slug));
  return row;
}

export const findAuthorsBySlug = (executor: Executor, slugs: string[]) =>
  slugs.length ? executor.select().from(authors).where(inArray(authors.slug, slugs)) : Promise.resolve([] as AuthorRow[]);

export async function insertAuthor(executor: Executor, row: typeof authors.$inferInsert): Promise<AuthorRow> {
  const [inserted] = await executor.insert(authors).values(row).returning();
  return inserted!;
}

export async function updateAuthor(executor: Executor, id: string, version: number, changes: Partial<typeof authors.$inferInsert>) {
  const [row] = await executor
    .update(authors)
    .set({ ...changes, version: sql`${authors.version} + 1`, updatedAt: new Date() })
    .where(and(eq(authors.id, id), eq(authors.version, version)))
    .returning();
  return row;
}

export async function countAuthorArticles(executor: Executor, id: string): Promise<number> {
  const [row] = await executor.select({ n: sql<number>`count(*)::int` }).from(articleAuthors).where(eq(articleAuthors.authorId, id));
  return row?.n ?? 0;
}

export const deleteAuthor = (executor: Executor, id: string) => executor.delete(authors).where(eq(authors.id, id));

// Sections

export const listSections = (executor: Executor) =>
  executor.select().from(sections).orderBy(asc(sections.position), asc(sections.name), asc(sections.id));

export async function findSection(executor: Executor, by: { id: string } | { slug: string }): Promise<SectionRow | undefined> {
  const [row] = await executor.select().from(sections).where('id' in by ? eq(sections.id, by.id) : eq(sections.slug, by.slug));
  return row;
}

export async function insertSection(executor: Executor, row: typeof sections.$inferInsert): Promise<SectionRow> {
  const [inserted] = await executor.insert(sections).values(row).returning();
  return inserted!;
}

export async function updateSection(executor: Executor, id: string, version: number, changes: Partial<typeof sections.$inferInsert>) {
  const [row] = await executor
    .update(sections)
    .set({ ...changes, version: sql`${sections.version} + 1`, updatedAt: new Date() })
    .where(and(eq(sections.id, id), eq(sections.version, version)))
    .returning();
  return row;
}

/** Ids of the section and every section below it. */
export async function sectionSubtreeIds(executor: Executor, id: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    executor,
    sql`with recursive down(id) as (
          select id from sections where id = ${id}
          union all
          select s.id from sections s join down on s.parent_id = down.id)
        select id from down`,
  );
  return found.map((r) => r.id);
}

export async function sectionUsage(executor: Executor, id: string): Promise<{ children: number; articles: number }> {
  const [children] = await executor.select({ n: sql<number>`count(*)::int` }).from(sections).where(eq(sections.parentId, id));
  const [used] = await executor.select({ n: sql<number>`count(*)::int` }).from(articles).where(eq(articles.sectionId, id));
  return { children: children?.n ?? 0, articles: used?.n ?? 0 };
}

export const deleteSection = (executor: Executor, id: string) => executor.delete(sections).where(eq(sections.id, id));

// Topics

export const listTopics = (executor: Executor) => executor.select().from(topics).orderBy(asc(topics.name), asc(topics.id));

export async function findTopic(executor: Executor, by: { id: string } | { slug: string }): Promise<TopicRow | undefined> {
  const [row] = await executor.select().from(topics).where('id' in by ? eq(topics.id, by.id) : eq(topics.slug, by.slug));
  return row;
}

export const findTopicsBySlug = (executor: Executor, slugs: string[]) =>
  slugs.length ? executor.select().from(topics).where(inArray(topics.slug, slugs)) : Promise.resolve([] as TopicRow[]);

export async function insertTopic(executor: Executor, row: typeof topics.$inferInsert): Promise<TopicRow> {
  const [inserted] = await executor.insert(topics).values(row).returning();
  return inserted!;
}

export async function updateTopic(executor: Executor, id: string, version: number, changes: Partial<typeof topics.$inferInsert>) {
  const [row] = await executor
    .update(topics)
    .set({ ...changes, version: sql`${topics.version} + 1`, updatedAt: new Date() })
    .where(and(eq(topics.id, id), eq(topics.version, version)))
    .returning();
  return row;
}

export async function countTopicArticles(executor: Executor, id: string): Promise<number> {
  const [row] = await executor.select({ n: sql<number>`count(*)::int` }).from(articleTopics).where(eq(articleTopics.topicId, id));
  return row?.n ?? 0;
}

export const deleteTopic = (executor: Executor, id: string) => executor.delete(topics).where(eq(topics.id, id));
