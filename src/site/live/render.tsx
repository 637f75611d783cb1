import type { LiveBlogRecord } from '../../content/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Urls } from '../../content/index.ts';
import type { EditionView, PageMeta, SiteView } from '../../web/document/model.ts';
import { entriesKey } from '../cache/keys.ts';
import type { ArticleView } from '../components/cards.tsx';
import type { CommentsView } from '../loaders.ts';
import { ArticlePage } from '../pages/article.tsx';
import type { ReaderPages, Rendered } from '../reader-pages.ts';
import { loadLivePage, type LivePageRef } from './load.ts';
import { LiveEntries, LiveMark, livePagePath } from './page.tsx';
import { liveBlogJsonLd } from './seo.ts';

/** The feed of a blog's entries, beside its pages: four segments, so no edition's or section's address can take it. */
export const liveFeedPath = (blogPath: string) => `${blogPath}/live/rss.xml`;

export interface LiveBlogPageInput {
  db: Executor;
  urls: Urls;
  pages: ReaderPages;
  site: SiteView;
  edition: EditionView;
  article: ArticleView;
  comments: CommentsView | null;
  /** The article page's meta for its own address; each page of the blog adjusts it. */
  meta: PageMeta;
  /** The article page's keys (the article, its comments, what it links). */
  keys: string[];
  blog: LiveBlogRecord;
  ref: LivePageRef;
  /** The blog's address on this site in this edition (`/politics/election-night`, `/us/politics/election-night`). */
  blogPath: string;
}

/**
 * A page of a live blog, rendered: the article page with its "Live" mark and entries; older pages
 * canonical to themselves and linked by rel=prev/next. Every page is tagged with the blog's
 * entries key, so a new entry purges exactly its pages.
 */
export async function renderLiveBlogPage(input: LiveBlogPageInput): Promise<Rendered> {
  const { db, urls, pages, site, edition, article, comments, blog, ref, blogPath } = input;
  const keys = [...input.keys, entriesKey(blog.articleId)];
  const view = await loadLivePage(db, urls, blog, ref);
  if (!view) return pages.notice(404, keys, edition.code);
  const latest = view.page === view.pages;
  const absolute = (path: string) => `${site.publicUrl}${path}`;
  const neighbour = (page: number) => (page >= 1 && page <= view.pages && page !== view.page ? absolute(livePagePath(blogPath, page, view.pages)) : undefined);
  const meta: PageMeta = {
    ...input.meta,
    ...(latest
      ? { jsonLd: liveBlogJsonLd(article, site, input.meta.canonical, view) }
      : {
          title: `${input.meta.title} (page ${view.pages - view.page + 1})`,
          canonical: absolute(livePagePath(blogPath, view.page, view.pages)),
          alternates: undefined,
          jsonLd: undefined,
        }),
    pagination: { prev: neighbour(view.page + 1), next: neighbour(view.page - 1) },
    feeds: [{ title: `${article.headline}: entries`, href: liveFeedPath(article.url), type: 'rss' }],
  };
  const place = { locale: edition.locale, timeZone: edition.timeZone, blogPath };
  const page = (
    <ArticlePage site={site} article={article} edition={edition} comments={latest ? comments : null} mark={<LiveMark view={view} edition={edition} />}>
      <LiveEntries view={view} place={place} edition={edition.code} />
    </ArticlePage>
  );
  return { status: 200, keys, body: await pages.document(edition, meta, page) };
}
