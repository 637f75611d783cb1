import { liveBlogs, uploadImage, markdownToBlocks, type Block, type ContentDeps } from '../../content/index.ts';
import type { MediaStorage } from '../../platform/storage/index.ts';
import { heroPicture } from '../pictures.ts';
import type { DemoLiveBlog } from './blog.ts';
import { ELECTION_NIGHT } from './election-night.ts';
import { ESTUARY_STORM } from './estuary-storm.ts';

/** The demo's live blogs: the election night, closed, and the storm, still open. */
export const DEMO_LIVE_BLOGS: DemoLiveBlog[] = [ELECTION_NIGHT, ESTUARY_STORM];

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Makes each demo live blog's article one, and posts its entries at their times through the
 * same services the composer uses; a blog with a `closedAt` is closed then.
 */
export async function seedLiveBlogs(content: ContentDeps, storage: MediaStorage, articleIds: Map<string, string>, now: Date): Promise<void> {
  for (const blog of DEMO_LIVE_BLOGS) {
    const articleId = articleIds.get(blog.article.key)!;
    const opened = now.getTime() - blog.article.hoursAgo * HOUR;
    const at = (minutes: number) => ({ actor: 'demo', now: new Date(Math.min(now.getTime(), opened + minutes * MINUTE)) });
    await liveBlogs.makeLiveBlog(content, articleId, {}, at(0));
    for (const [i, entry] of blog.entries.entries()) {
      const body: Block[] = entry.body.flatMap((markdown) => markdownToBlocks(markdown));
      if (entry.picture) {
        const image = await uploadImage(content.database, storage, await heroPicture(`${blog.article.key}-${i}`, entry.picture.hue, 960, 540), {
          alt: entry.picture.alt,
          caption: entry.picture.caption,
          credit: 'Illustration: Masthead demo',
        });
        body.push({ type: 'image', imageId: image.id });
      }
      await liveBlogs.createEntry(
        content,
        articleId,
        { ...(entry.title ? { title: entry.title } : {}), body, writers: entry.writers, keyEvent: entry.keyEvent ?? false, pinned: entry.pinned ?? false },
        { as: 'publish' },
        at(entry.at),
      );
    }
    if (blog.closedAt !== undefined) {
      const { version } = await liveBlogs.getBlog(content.database.db, articleId);
      await liveBlogs.changeLiveBlog(content, articleId, { state: 'closed', version }, at(blog.closedAt));
    }
  }
}
