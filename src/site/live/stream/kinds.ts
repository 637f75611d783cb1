import { randomUUID } from 'node:crypto';
import { entryPermalink, findArticlesById, liveBlogs, presentEntries, type ContentEvents, type LiveEntryRecord, type Urls } from '../../../content/index.ts';
import type { Executor } from '../../../platform/db/database.ts';
import type { LiveChannel, LiveMessage } from '../../../platform/live/index.ts';
import { clockTime } from '../../../web/time.ts';
import type { EntryMessageData } from '../../browser.ts';
import type { SiteDirectory } from '../../directory.ts';
import { articlePathIn } from '../../edition-paths.ts';
import { renderEntryHtml, type EntryPlace } from '../entry.tsx';

/**
 * What a live blog puts on the live channel. A message carries only what the public page shows: a
 * published entry's HTML exactly as the page renders it, or a deleted entry's id (never its
 * contents). Drafts, held and scheduled entries are never rendered. Each entry message's id is the
 * blog's change number at the entry's last visible change, which a reconnecting reader resumes
 * from (Last-Event-ID).
 *
 * An entry reads differently in each edition (its times in the edition's zone and locale, its
 * permalinks under the edition's address), so a blog has one topic per edition: every reader of a
 * topic gets the same bytes, rendered once per process, and a blog in two editions costs two
 * renders of a change, not one per reader.
 */
export const entriesTopic = (articleId: string, edition: string) => `entries:${articleId}:${edition}`;
/** The edition of a topic `entriesTopic` named (its last part: neither an id nor a code holds a colon). */
const editionOfTopic = (topic: string) => topic.slice(topic.lastIndexOf(':') + 1);
export const ENTRY_KIND = 'entry';
export const BLOG_STATE_KIND = 'live-blog-state';

/** Where a blog's pages are in one edition, and which clock their times are in. */
export interface BlogPlace extends EntryPlace {
  edition: string;
}

/**
 * Where a blog's pages are in `editionCode` (its home edition when not given) and which clock
 * their times are in, exactly as the article page works them out; null when readers cannot see
 * the blog there (unpublished, or not in that edition).
 */
export async function placeOfBlog(db: Executor, directory: SiteDirectory, articleId: string, editionCode?: string): Promise<BlogPlace | null> {
  const [article] = await findArticlesById(db, [articleId]);
  if (!article || article.status !== 'published') return null;
  const home = article.editions[0];
  const code = editionCode ?? home;
  if (!code || !article.editions.includes(code)) return null;
  const edition = await directory.edition(code);
  if (!edition) return null;
  return { edition: code, locale: edition.locale, timeZone: edition.timeZone, blogPath: articlePathIn(code, home, article.section.slug, article.slug) };
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
 * changed (after commit, in the process that made the change) is announced once (one NOTIFY) to
 * the blog's topic in every edition; a blog opened or closed sends its state on each. A process
 * renders only the topics it has readers of (with a GRIP proxy, the announcing process renders
 * each topic once; in an edition the blog is not in, the render stops at its first reads and
 * sends nothing). `editions` are the site's edition codes, read at start-up like the editions' routes.
 */
export function defineLiveBlogKinds(live: LiveChannel, events: ContentEvents, db: Executor, urls: Urls, directory: SiteDirectory, editions: string[]): void {
  live.define<{ entryId: string }>(ENTRY_KIND, async ({ entryId }, topic) => {
    const entry = await liveBlogs.getEntry(db, entryId).catch(() => undefined);
    const blog = entry && (await liveBlogs.findBlog(db, entry.articleId));
    const place = blog?.state === 'open' ? await placeOfBlog(db, directory, blog.articleId, editionOfTopic(topic)) : null;
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
    if (change.kind !== 'live-entries' && change.kind !== 'live-blog') return;
    const topics = editions.map((edition) => entriesTopic(change.articleId, edition));
    // Content names entries in the order of their change numbers: the stream's ids go up as Pushpin's sequence needs.
    if (change.kind === 'live-entries') for (const entryId of change.entryIds) live.publish(ENTRY_KIND, topics, { entryId });
    else live.publish(BLOG_STATE_KIND, topics, { articleId: change.articleId });
  });
}
