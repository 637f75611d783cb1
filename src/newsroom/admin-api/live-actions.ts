import {
  liveBlogs,
  type EntryCheck,
  type EntryRelease,
  type LiveBlogOrder,
  type LiveBlogRecord,
  type LiveBlogState,
  type LiveEntryRecord,
} from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import type { RequestActor } from '../../web/principal.ts';
import { maySeeEntry, type EntryReader } from '../rights/live-rights.ts';

// What the Admin API and the newsroom's composer API share on top of the live blog services.

/** Whether `reader` finds this entry on this article's blog: an entry of another article is not this blog's. */
const foundOn = (articleId: string, reader: EntryReader, entry: LiveEntryRecord) => entry.articleId === articleId.toLowerCase() && maySeeEntry(reader, entry);

/** An entry of this article that `reader` may see (`maySeeEntry`); any other is not found. */
export async function entryOfArticle(executor: Executor, articleId: string, entryId: string, reader: EntryReader): Promise<LiveEntryRecord> {
  const entry = await liveBlogs.getEntry(executor, entryId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!entry || !foundOn(articleId, reader, entry)) throw notFound('The entry');
  return entry;
}

/**
 * The blog as a write's check saw it, locked: what the write was judged by, and so what its
 * answer shows (whether entries were held). Read after the write; before, there is nothing.
 */
export function blogSeen() {
  let seen: LiveBlogRecord | undefined;
  return {
    see(blog: LiveBlogRecord) {
      seen = blog;
    },
    get holdEntries(): boolean {
      if (!seen) throw new Error('Asked what a write saw of its blog before the write checked it.');
      return seen.holdEntries;
    },
  };
}

/**
 * The check an entry write makes inside its transaction, on the entry and blog as locked: the
 * entry is this article's and `reader` may see it (else not found, as for a read), then
 * `rights`, if any, may refuse. The blog it saw is kept in `locked`, for the answer.
 */
export function entryCheck(articleId: string, reader: EntryReader, rights?: EntryCheck) {
  const locked = blogSeen();
  const check: EntryCheck = (entry, blog) => {
    if (!foundOn(articleId, reader, entry)) throw notFound('The entry');
    locked.see(blog);
    rights?.(entry, blog);
  };
  return { check, locked };
}

/** How a request sends an entry on; a schedule needs its time, and only a schedule takes one. */
export function releaseOf(as: 'publish' | 'hold' | 'schedule', scheduledAt: string | undefined): EntryRelease {
  if (as !== 'schedule') {
    if (scheduledAt !== undefined) throw invalid('scheduledAt', 'scheduledAt goes with as: "schedule" only.');
    return { as };
  }
  if (scheduledAt === undefined) throw invalid('scheduledAt', 'Scheduling needs scheduledAt, the time to publish the entry.');
  return { as, at: new Date(scheduledAt) };
}

export interface BlogPut {
  state?: LiveBlogState;
  entryOrder?: LiveBlogOrder;
  holdEntries?: boolean;
  version?: number;
}

/**
 * Makes the article a live blog (no version yet: there is none to name) or changes it (its
 * version required, as for every other versioned write). Answers whether it was made.
 */
export async function putLiveBlog(ctx: AppContext, articleId: string, body: BlogPut, who: RequestActor) {
  const { version, state, ...settings } = body;
  const existing = await liveBlogs.findBlog(ctx.database.db, articleId);
  if (existing) {
    if (version === undefined) throw invalid('version', 'This article is already a live blog: send the version you are changing.');
    return { made: false, blog: await liveBlogs.changeLiveBlog(ctx, articleId, { ...settings, state, version }, who) };
  }
  if (version !== undefined) throw notFound('The live blog');
  const made = await liveBlogs.makeLiveBlog(ctx, articleId, settings, who);
  if (state !== 'closed') return { made: true, blog: made };
  return { made: true, blog: await liveBlogs.changeLiveBlog(ctx, articleId, { state, version: made.version }, who) };
}
