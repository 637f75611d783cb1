import { recordedActor, audit } from '../../platform/audit/repository.ts';
import type { Executor } from '../../platform/db/database.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import type { ContentDeps } from '../changes.ts';
import type { Actor } from '../articles/inputs.ts';
import { getArticle } from '../articles/reading.ts';
import { versioned } from '../versioning.ts';
import { changeLive } from './announce.ts';
import * as repo from './repository.ts';
import type { LiveBlogRecord } from './repository.ts';
import type { LiveBlogOrder, LiveBlogState } from './tables.ts';

// A live blog as a whole: making an article one, opening and closing its coverage, its settings.

export interface LiveBlogSettings {
  entryOrder?: LiveBlogOrder;
  holdEntries?: boolean;
}

export async function getBlog(executor: Executor, articleId: string, lock = false): Promise<LiveBlogRecord> {
  const blog = await repo.findBlog(executor, articleId, lock);
  if (!blog) throw notFound('The live blog');
  return blog;
}

/** Makes an article a live blog, open from now. An article is made one once: a second try, however close, is a conflict. */
export function makeLiveBlog(deps: ContentDeps, articleId: string, settings: LiveBlogSettings, who: Actor): Promise<LiveBlogRecord> {
  return changeLive(deps, async (tx) => {
    await getArticle(tx, articleId);
    const made = await repo.insertBlog(tx, {
      articleId,
      state: 'open',
      entryOrder: settings.entryOrder ?? 'newest',
      holdEntries: settings.holdEntries ?? false,
      coverageStartedAt: who.now,
    });
    // Made already, perhaps by someone pressing the same button at the same moment.
    if (!made) throw conflict('This article is already a live blog.');
    await audit(tx, recordedActor(who.actor), { action: 'live-blog.make', targetType: 'article', targetId: articleId }, who.now);
    return { result: await getBlog(tx, articleId), articleId, entryIds: [], change: 0, blogChanged: true };
  });
}

/**
 * Opens or closes the coverage, or changes how the blog is read and written. Closing ends the
 * coverage now (search engines are told when it ended); reopening takes it up again.
 */
export function changeLiveBlog(
  deps: ContentDeps,
  articleId: string,
  patch: LiveBlogSettings & { state?: LiveBlogState; version: number },
  who: Actor,
): Promise<LiveBlogRecord> {
  return changeLive(deps, async (tx) => {
    const current = await getBlog(tx, articleId);
    const changes: Parameters<typeof repo.updateBlog>[3] = {};
    if (patch.entryOrder !== undefined) changes.entryOrder = patch.entryOrder;
    if (patch.holdEntries !== undefined) changes.holdEntries = patch.holdEntries;
    if (patch.state !== undefined && patch.state !== current.state) {
      changes.state = patch.state;
      changes.coverageEndedAt = patch.state === 'closed' ? who.now : null;
      if (patch.state === 'open' && !current.coverageStartedAt) changes.coverageStartedAt = who.now;
      await audit(
        tx,
        recordedActor(who.actor),
        { action: `live-blog.${patch.state === 'closed' ? 'close' : 'open'}`, targetType: 'article', targetId: articleId },
        who.now,
      );
    }
    await versioned(
      'The live blog',
      patch.version,
      () => repo.updateBlog(tx, articleId, patch.version, changes),
      () => repo.findBlog(tx, articleId),
    );
    return { result: await getBlog(tx, articleId), articleId, entryIds: [], change: 0, blogChanged: true };
  });
}
