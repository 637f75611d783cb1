import type { ArticleView } from './components/cards.tsx';
import type { SiteView } from '../web/document/model.ts';

/** A meta description: the standfirst, cut at a word near 160 characters. */
export function describe(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** schema.org NewsArticle, as search engines read it. Never a paywall: free for everyone. */
export function newsArticleJsonLd(article: ArticleView, site: SiteView, canonical: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
    headline: article.seoHeadline,
    description: article.standfirst,
    // Search engines show a picture in several shapes: 16:9 and square crops around the focal point, and the whole.
    ...(article.hero?.src ? { image: [article.hero.crops.card.url, article.hero.crops.thumbnail.url, article.hero.src] } : {}),
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    author: article.authors.map((a) => ({ '@type': 'Person', name: a.name, url: a.url })),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: site.name,
      url: site.publicUrl,
      logo: { '@type': 'ImageObject', url: `${site.publicUrl}${site.assets.logo}`, width: 192, height: 192 },
    },
    articleSection: article.section.name,
    keywords: article.topics.map((t) => t.name),
    isAccessibleForFree: true,
  };
}
