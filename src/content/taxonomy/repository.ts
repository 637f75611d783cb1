import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { liveEntries, liveEntryAuthors } from '../live/tables.ts';
import { articleAuthors, articles, articleTopics, authors, editions, sections, topics } from '../tables.ts';

export type AuthorRow = typeof authors.$inferSelect;
export type SectionRow = typeof sections.$inferSelect;
export type TopicRow = typeof topics.$inferSelect;
export type EditionRow = typeof editions.$inferSelect;

export const listEditions = (executor: Executor) => executor.select().from(editions).orderBy(asc(editions.position));

type Taxonomy = typeof authors | typeof sections | typeof topics;

/**
 * The statements authors, sections and topics share. All three tables have `id`, `slug`,
 * `version` and `updated_at`; the casts only tell drizzle so, and each function is typed by
 * the table it was made for.
 */
function taxonomyStatements<T extends Taxonomy>(table: T) {
  type Row = T['$inferSelect'];
  type Insert = T['$inferInsert'];
  const t = table as unknown as typeof topics;
  return {
    async find(executor: Executor, by: { id: string } | { slug: string }): Promise<Row | undefined> {
      const [row] = await executor
        .select()
        .from(t)
        .where('id' in by ? eq(t.id, by.id) : eq(t.slug, by.slug));
      return row as Row | undefined;
    },
    async findBySlugs(executor: Executor, slugs: string[]): Promise<Row[]> {
      return slugs.length ? ((await executor.select().from(t).where(inArray(t.slug, slugs))) as Row[]) : [];
    },
    async insert(executor: Executor, row: Insert): Promise<Row> {
      const [inserted] = await executor
        .insert(t)
        .values(row as typeof topics.$inferInsert)
        .returning();
      return inserted as Row;
    },
    /** Applies `changes` only if `version` is still current; bumps the version. */
    async update(executor: Executor, id: string, version: number, changes: Partial<Insert>): Promise<Row | undefined> {
      const [row] = await executor
        .update(t)
        .set({ ...(changes as Partial<typeof topics.$inferInsert>), version: sql`${t.version} + 1`, updatedAt: new Date() })
        .where(and(eq(t.id, id), eq(t.version, version)))
        .returning();
      return row as Row | undefined;
    },
    async remove(executor: Executor, id: string): Promise<void> {
      await executor.delete(t).where(eq(t.id, id));
    },
  };
}

const authorStatements = taxonomyStatements(authors);
const sectionStatements = taxonomyStatements(sections);
const topicStatements = taxonomyStatements(topics);

// Authors

export const listAuthors = (executor: Executor) => executor.select().from(authors).orderBy(asc(authors.name), asc(authors.id));
export const findAuthor = authorStatements.find;
export const findAuthorsBySlug = authorStatements.findBySlugs;
export const insertAuthor = authorStatements.insert;
export const updateAuthor = authorStatements.update;
export const deleteAuthor = authorStatements.remove;

export async function countAuthorArticles(executor: Executor, id: string): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(articleAuthors)
    .where(eq(articleAuthors.authorId, id));
  return row?.n ?? 0;
}

/** Live blog entries the author writes, deleted ones left out (nobody sees those again). */
export async function countAuthorLiveEntries(executor: Executor, id: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    executor,
    sql`select count(*)::int as n from live_entry_authors w join live_entries e on e.id = w.entry_id
        where w.author_id = ${id} and e.status <> 'deleted'`,
  );
  return row?.n ?? 0;
}

/** Takes the author off deleted entries' bylines, which no page or feed shows again, so they do not keep the author. */
export async function dropAuthorFromDeletedEntries(executor: Executor, id: string): Promise<void> {
  await executor
    .delete(liveEntryAuthors)
    .where(
      and(
        eq(liveEntryAuthors.authorId, id),
        inArray(liveEntryAuthors.entryId, executor.select({ id: liveEntries.id }).from(liveEntries).where(eq(liveEntries.status, 'deleted'))),
      ),
    );
}

// Sections

export const listSections = (executor: Executor) => executor.select().from(sections).orderBy(asc(sections.position), asc(sections.name), asc(sections.id));
export const findSection = sectionStatements.find;
export const insertSection = sectionStatements.insert;
export const updateSection = sectionStatements.update;
export const deleteSection = sectionStatements.remove;

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
  const [children] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(sections)
    .where(eq(sections.parentId, id));
  const [used] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(articles)
    .where(eq(articles.sectionId, id));
  return { children: children?.n ?? 0, articles: used?.n ?? 0 };
}

// Topics

export const listTopics = (executor: Executor) => executor.select().from(topics).orderBy(asc(topics.name), asc(topics.id));
export const findTopic = topicStatements.find;
export const findTopicsBySlug = topicStatements.findBySlugs;
export const insertTopic = topicStatements.insert;
export const updateTopic = topicStatements.update;
export const deleteTopic = topicStatements.remove;

export async function countTopicArticles(executor: Executor, id: string): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(articleTopics)
    .where(eq(articleTopics.topicId, id));
  return row?.n ?? 0;
}

/** Every table whose rows readers reach by slug. */
export type SluggedTable = 'articles' | 'authors' | 'pages' | 'sections' | 'topics';

const exceptRow = (exceptId: string | undefined) => (exceptId ? sql` and id <> ${exceptId}` : sql``);

/** True when a row of `table` other than `exceptId` already has `slug`. */
export async function slugTaken(executor: Executor, table: SluggedTable, slug: string, exceptId?: string): Promise<boolean> {
  const taken = await rows(executor, sql`select 1 from ${sql.identifier(table)} where slug = ${slug}${exceptRow(exceptId)}`);
  return taken.length > 0;
}

/** The slugs in `table` (other than `exceptId`'s) that start with `prefix`, taken literally. */
export async function slugsStartingWith(executor: Executor, table: SluggedTable, prefix: string, exceptId?: string): Promise<Set<string>> {
  const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const taken = await rows<{ slug: string }>(executor, sql`select slug from ${sql.identifier(table)} where slug like ${like}${exceptRow(exceptId)}`);
  return new Set(taken.map((r) => r.slug));
}
