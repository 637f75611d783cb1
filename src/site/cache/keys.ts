import type { ContentChange, Placement } from '../../content/index.ts';

/**
 * Surrogate keys: what a cached page shows, so a change purges exactly the pages that show it.
 * - `article:<id>`: the article's own pages, and every page showing its card or related link;
 * - `list:<scope>`: pages listing articles of an edition, section, topic or author, and
 *   `list:all` for site-wide lists (feeds, sitemaps, search), which gain or lose an article
 *   when one is published or withdrawn.
 */
export const articleKey = (id: string) => `article:${id}`;
/** The article page's own first page of comments (cards and lists do not carry it). */
export const commentsKey = (articleId: string) => `comments:${articleId}`;
/** A live blog's own pages (its latest and older pages, its feed, its entries' permalinks): purged at every entry. */
export const entriesKey = (articleId: string) => `entries:${articleId}`;
/** A front's pages (the edition front or the section page it arranges). */
export const frontKey = (frontId: string) => `front:${frontId}`;
/**
 * Pages showing a front no editor has made or published yet (its starting layout): every front
 * change purges them, so a scope's first publish shows at once even though its page named no front.
 */
export const FRONTS_UNMADE = 'front:unmade';
/** One of the site's own pages, and every page linking it by title (footers). */
export const sitePageKey = (pageId: string) => `page:${pageId}`;
/** Pages listing every published site page (the pages sitemap): any page's change purges them. */
export const SITE_PAGES = 'pages:all';
export const listKey = (scope: 'edition' | 'section' | 'topic' | 'author', id: string) => `list:${scope}:${id}`;
export const LIST_ALL = 'list:all';

function listKeys(placement: Placement): string[] {
  return [
    ...placement.editions.map((code) => listKey('edition', code)),
    listKey('section', placement.sectionId),
    ...placement.topicIds.map((id) => listKey('topic', id)),
    ...placement.authorIds.map((id) => listKey('author', id)),
  ];
}

const samePlacement = (a: Placement, b: Placement) =>
  a.live === b.live &&
  a.sectionId === b.sectionId &&
  a.editions.join() === b.editions.join() &&
  a.topicIds.join() === b.topicIds.join() &&
  a.authorIds.join() === b.authorIds.join();

/**
 * Pure: the keys to purge for a change, or `null` for everything. An edit that leaves an
 * article where it was touches only the pages showing it; publishing, withdrawing or moving
 * it also touches the lists it enters or leaves.
 */
export function keysToPurge(change: ContentChange): Set<string> | null {
  if (change.kind === 'everything') return null;
  if (change.kind === 'comments') return new Set([commentsKey(change.articleId)]);
  if (change.kind === 'live-entries') return new Set([entriesKey(change.articleId)]);
  // Opening or closing changes the "Live" mark on every card of the blog, as well as its own pages.
  if (change.kind === 'live-blog') return new Set([articleKey(change.articleId), entriesKey(change.articleId)]);
  if (change.kind === 'front') return new Set([frontKey(change.frontId), FRONTS_UNMADE]);
  if (change.kind === 'page') return new Set([sitePageKey(change.pageId), SITE_PAGES]);
  // Each article's pages and cards show its images.
  if (change.kind === 'image') return new Set(change.articleIds.map(articleKey));
  const { before, after } = change;
  const id = (after ?? before)?.id;
  const keys = new Set<string>(id ? [articleKey(id)] : []);
  const wasLive = before?.live ?? false;
  const isLive = after?.live ?? false;
  if (!wasLive && !isLive) return keys;
  if (before && after && samePlacement(before, after)) return keys;
  keys.add(LIST_ALL);
  if (before?.live) listKeys(before).forEach((key) => keys.add(key));
  if (after?.live) listKeys(after).forEach((key) => keys.add(key));
  return keys;
}
