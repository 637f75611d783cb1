import { randomUUID } from 'node:crypto';
import { findArticlesById, liveBlogs, presentEntries, type ContentEvents, type LiveEntryRecord, type Urls } from '../../../content/index.ts';
import type { Executor } from '../../../platform/db/database.ts';
import type { LiveChannel, LiveMessage } from '../../../platform/live/index.ts';
import { clockTime } from '../../../web/time.ts';
import type { EntryMessageData } from '../../browser.ts';
import type { SiteDirectory } from '../../directory.ts';
import { entryPermalink, renderEntryHtml, type EntryPlace } from '../entry.tsx';

/**
 * What a live blog puts on the live channel. Every reader of a blog follows one topic and gets the
 * same bytes, so a message carries only what the public page shows: a published entry's HTML
 * exactly as the page renders it, or a deleted entry's id (never its contents). Drafts, held and
 * scheduled entries are never rendered. Each entry message's id is the blog's change number at the
 * entry's last visible change, which a reconnecting reader resumes from (Last-Event-ID).
 */
export const entriesTopic = (articleId: string) => `entries:${articleId}`;
export const ENTRY_KIND = 'entry';
export const BLOG_STATE_KIND = 'live-blog-state';

/** Where a blog's pages are and which clock their times are in; null when readers cannot see the blog. */
export async function placeOfBlog(db: Executor, directory: SiteDirectory, articleId: string): Promise<EntryPlace | null> {
  const [article] = await findArticlesById(db, [articleId]);
  if (!article || article.status !== 'published') return null;
  const site = await directory.site();
  const edition = site.editions.find((e) => e.code === article.editions[0]) ?? site.editions[0];
  return { locale: edition?.locale ?? 'en', timeZone: edition?.timeZone ?? 'UTC', blogPath: `/${article.section.slug}/${article.slug}` };
}

/**
 * Entries as the stream sends them, in the order given (their pictures read in one query); none for
 * one readers never saw (a draft, held, scheduled, or deleted before publication).
 */
export async function entryMessages(db: Executor, urls: Urls, place: EntryPlace, entries: LiveEntryRecord[]): Promise<LiveMessage[]> {
  const seen = entries.filter((e) => e.position !== null && (e.status === 'published' || e.status === 'deleted'));
  const views = new Map(
    (
      await presentEntries(
        db,
        seen.filter((e) => e.status === 'published'),
        urls,
      )
    ).map((v) => [v.id, v]),
  );
  return seen.map((entry) => {
    const view = views.get(entry.id);
    const base = { id: entry.id, change: entry.lastChange, position: entry.position! };
    const data: EntryMessageData = !view
      ? { ...base, status: 'deleted' }
      : {
          ...base,
          status: 'published',
          html: renderEntryHtml(view, place),
          keyEvent: entry.keyEvent,
          pinned: entry.pinned,
          title: entry.title,
          excerpt: entry.bodyText.slice(0, 160),
          clock: clockTime(new Date(view.publishedAt), place.locale, place.timeZone),
          permalink: entryPermalink(place.blogPath, entry.id),
          publishedAt: view.publishedAt,
        };
    // Each visible change takes the blog's next number, so the one before is the number less one:
    // Pushpin, told so, notices one it never got (see LiveChannel.open).
    return { event: 'entry', id: String(entry.lastChange), sequence: { id: String(entry.lastChange), previous: String(entry.lastChange - 1) }, data };
  });
}

/**
 * How the blog's announcements become messages, and the announcing: each entry content says
 * changed (after commit, in the process that made the change) is published once on the blog's
 * topic; a blog opened or closed sends its state.
 */
export function defineLiveBlogKinds(live: LiveChannel, events: ContentEvents, db: Executor, urls: Urls, directory: SiteDirectory): void {
  live.define<{ entryId: string }>(ENTRY_KIND, async ({ entryId }) => {
    const entry = await liveBlogs.getEntry(db, entryId).catch(() => undefined);
    const blog = entry && (await liveBlogs.findBlog(db, entry.articleId));
    const place = blog?.state === 'open' ? await placeOfBlog(db, directory, blog.articleId) : null;
    return entry && place ? ((await entryMessages(db, urls, place, [entry]))[0] ?? null) : null;
  });
  live.define<{ articleId: string }>(BLOG_STATE_KIND, async ({ articleId }) => {
    const blog = await liveBlogs.findBlog(db, articleId);
    if (!blog) return { event: 'state', data: { state: 'closed' } };
    // A blog's state takes no change number: it follows the last change, under an id of its own
    // (Pushpin drops an id it has seen lately, and one of a closing blog may close it again).
    // Its id starts with that change, so a stream asked to resume from it resumes from the change.
    const sequence = { id: `${blog.lastChange}-${blog.state}-${randomUUID().slice(0, 8)}`, previous: String(blog.lastChange) };
    return { event: 'state', sequence, data: { state: blog.state } };
  });
  events.on('change', (change) => {
    // Content names them in the order of their change numbers: the stream's ids go up as Pushpin's sequence needs.
    if (change.kind === 'live-entries') for (const entryId of change.entryIds) live.publish(ENTRY_KIND, entriesTopic(change.articleId), { entryId });
    if (change.kind === 'live-blog') live.publish(BLOG_STATE_KIND, entriesTopic(change.articleId), { articleId: change.articleId });
  });
}
