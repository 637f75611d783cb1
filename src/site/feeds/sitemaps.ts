import type { SitemapEntry, Urls } from '../../content/index.ts';
import { w3c, xml } from './xml.ts';

export const SITEMAP_PAGE = 1000;

export function sitemapIndex(base: string, pages: number, now: Date): string {
  const entries = [
    ...Array.from({ length: Math.max(pages, 1) }, (_, i) => `${base}/sitemaps/articles-${i + 1}.xml`),
    `${base}/sitemaps/news.xml`,
    `${base}/sitemaps/pages.xml`,
  ];
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
    entries.map((loc) => `<sitemap><loc>${xml(loc)}</loc><lastmod>${w3c(now)}</lastmod></sitemap>`).join('') +
    `</sitemapindex>\n`
  );
}

export function articleSitemap(entries: SitemapEntry[], urls: Urls): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
    entries.map((e) => `<url><loc>${xml(urls.article(e.sectionSlug, e.slug))}</loc><lastmod>${w3c(e.modifiedAt)}</lastmod></url>`).join('') +
    `</urlset>\n`
  );
}

/** The site's own published pages (/info/...), each with when it last changed. */
export function sitePageSitemap(pages: { slug: string; modifiedAt: Date }[], urls: Urls): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
    pages.map((p) => `<url><loc>${xml(urls.page(p.slug))}</loc><lastmod>${w3c(p.modifiedAt)}</lastmod></url>`).join('') +
    `</urlset>\n`
  );
}

/** Google News sitemap: what was published in the last two days. */
export function newsSitemap(entries: SitemapEntry[], urls: Urls, publication: { name: string; language: string }): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">` +
    entries
      .map(
        (e) =>
          `<url><loc>${xml(urls.article(e.sectionSlug, e.slug))}</loc><news:news><news:publication><news:name>${xml(publication.name)}</news:name>` +
          `<news:language>${xml(publication.language)}</news:language></news:publication><news:publication_date>${w3c(e.publishedAt)}</news:publication_date>` +
          `<news:title>${xml(e.headline)}</news:title></news:news></url>`,
      )
      .join('') +
    `</urlset>\n`
  );
}
