import type { SiteView } from '../../web/document/model.ts';
import type { ArticleView } from '../components/cards.tsx';
import { describe, newsArticleJsonLd } from '../seo.ts';
import type { LivePageView } from './load.ts';

/** How many recent entries the structured data lists (search engines read the newest). */
const UPDATES = 10;

/**
 * schema.org LiveBlogPosting for a live blog's latest page: the article's NewsArticle fields,
 * when coverage started (and ended, once closed), and its newest entries as BlogPostings.
 * The layout escapes the JSON for the script element, so no entry text can end it.
 */
export function liveBlogJsonLd(article: ArticleView, site: SiteView, canonical: string, view: LivePageView) {
  const { blog } = view;
  const recent = [...(view.pinned ? [view.pinned] : []), ...view.entries].sort((a, b) => b.position - a.position).slice(0, UPDATES);
  return {
    ...newsArticleJsonLd(article, site, canonical),
    '@type': 'LiveBlogPosting',
    ...(blog.coverageStartedAt ? { coverageStartTime: blog.coverageStartedAt.toISOString() } : {}),
    ...(blog.state === 'closed' && blog.coverageEndedAt ? { coverageEndTime: blog.coverageEndedAt.toISOString() } : {}),
    ...(recent.length
      ? {
          dateModified: recent
            .map((e) => e.updatedAt ?? e.publishedAt)
            .sort()
            .at(-1),
        }
      : {}),
    liveBlogUpdate: recent.map((entry) => ({
      '@type': 'BlogPosting',
      '@id': `${canonical}#entry-${entry.id}`,
      url: `${canonical}#entry-${entry.id}`,
      headline: describe(entry.title || entry.bodyText, 110),
      datePublished: entry.publishedAt,
      dateModified: entry.updatedAt ?? entry.publishedAt,
      articleBody: entry.bodyText,
      author: entry.writers.map((w) => ({ '@type': 'Person', name: w.name, url: w.url })),
    })),
  };
}
