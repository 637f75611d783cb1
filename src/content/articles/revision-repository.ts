import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { articleRevisions } from '../tables.ts';

// An article's history: every saved state, as a snapshot with who saved it and why.

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
