import type { Executor } from '../../platform/db/database.ts';
import type { ContentDeps } from '../changes.ts';

/** What a live-blog write changed that readers can see: the entries (by id) and the change number they carry. */
export interface LiveChange<T> {
  result: T;
  articleId: string;
  /** Entries whose reader-visible state changed (none: a draft or held entry moved, readers see nothing new). */
  entryIds: string[];
  change: number;
  /** The blog itself changed (opened, closed, its order): cards and lists showing it change too. */
  blogChanged?: boolean;
}

/**
 * Runs a live-blog write in one transaction and, once it has committed, announces what readers
 * can see differently: the pages, the feed and the live stream follow the announcement. A write
 * that fails rolls back and announces nothing.
 */
export async function changeLive<T>(deps: ContentDeps, write: (tx: Executor) => Promise<LiveChange<T>>): Promise<T> {
  const { result, articleId, entryIds, change, blogChanged } = await deps.database.transaction(write);
  if (blogChanged) deps.events.liveBlogChanged(articleId);
  if (entryIds.length) deps.events.liveEntriesChanged(articleId, entryIds, change);
  return result;
}
