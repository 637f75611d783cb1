/**
 * Where things live on the reader site. Slugs are unique per kind, so an article's URL needs
 * only its section and its own slug; the reader site redirects an old section path to the
 * current one.
 */
export interface Urls {
  article(sectionSlug: string, slug: string): string;
  section(slug: string): string;
  topic(slug: string): string;
  author(slug: string): string;
  media(imageId: string, file: string): string;
  /** One of the site's own pages (about, privacy notice...). */
  page(slug: string): string;
}

export function urlsFor(publicUrl: string): Urls {
  const base = publicUrl.replace(/\/$/, '');
  return {
    article: (sectionSlug, slug) => `${base}/${sectionSlug}/${slug}`,
    section: (slug) => `${base}/${slug}`,
    topic: (slug) => `${base}/topic/${slug}`,
    author: (slug) => `${base}/author/${slug}`,
    media: (imageId, file) => `${base}/media/${imageId}/${file}`,
    page: (slug) => `${base}/info/${slug}`,
  };
}
