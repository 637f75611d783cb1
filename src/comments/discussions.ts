import type { ContentEvents } from '../content/index.ts';
import type { Database, Executor } from '../platform/db/database.ts';
import { findDiscussion, saveDiscussion, type DiscussionRow } from './repository.ts';
import { DISCUSSION_MODES, type DiscussionMode } from './tables.ts';

/**
 * An article's discussion as other domains see it: how it runs (open, pre-moderated or closed,
 * and whether it closes by itself) and how many comments it has. The newsroom sets it from the
 * editor; the rows stay the comments' own.
 */
export { DISCUSSION_MODES, type DiscussionMode, type DiscussionRow };

export interface DiscussionSettings {
  mode: DiscussionMode;
  closeAfterDays: number | null;
}

/** The article's discussion; one never set is open, with no comments. */
export const readDiscussion = (executor: Executor, articleId: string): Promise<DiscussionRow> => findDiscussion(executor, articleId);

/**
 * Changes how the article's discussion runs. `alongside` runs in the same transaction, so
 * whatever the caller records about the change (the newsroom's audit) is kept only with it.
 * Once committed, pages showing the discussion (its form, its state) are refreshed.
 */
export async function setDiscussionMode(
  deps: { database: Database; events: Pick<ContentEvents, 'commentsChanged'> },
  articleId: string,
  settings: DiscussionSettings,
  now: Date,
  alongside?: (tx: Executor) => Promise<void>,
): Promise<void> {
  await deps.database.transaction(async (tx) => {
    await saveDiscussion(tx, articleId, settings, now);
    await alongside?.(tx);
  });
  deps.events.commentsChanged(articleId);
}
