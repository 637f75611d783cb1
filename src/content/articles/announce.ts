import type { Executor } from '../../platform/db/database.ts';
import type { ContentDeps } from '../changes.ts';
import type { ArticleRecord } from './record-repository.ts';

/** An article as a write found it and as it left it (null: it did not exist before, or no longer does). */
export interface ArticleChange<After extends ArticleRecord | null> {
  before: ArticleRecord | null;
  after: After;
}

/**
 * Runs an article write in one transaction and, once that has committed, tells the app how the
 * article changed. A write that fails rolls back and announces nothing. Every article service
 * that writes goes through here, so no caller has to remember to purge.
 */
export async function changeArticle<After extends ArticleRecord | null>(
  deps: ContentDeps,
  write: (tx: Executor) => Promise<ArticleChange<After>>,
): Promise<After> {
  const { before, after } = await deps.database.transaction(write);
  deps.events.articleChanged(before, after);
  return after;
}
