import { isVariantFile } from './images/variants.ts';

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

/**
 * `mediaPublicUrl` (MEDIA_PUBLIC_URL): where the media bucket can be read by anyone, a CDN in
 * front of it or the bucket itself. Variants, which exist from the upload on, are linked there
 * under the bucket's `public/` prefix; crops are still linked at /media, where the first
 * request makes them.
 */
export function urlsFor(publicUrl: string, mediaPublicUrl?: string): Urls {
  const base = publicUrl.replace(/\/$/, '');
  const bucket = mediaPublicUrl?.replace(/\/$/, '');
  return {
    article: (sectionSlug, slug) => `${base}/${sectionSlug}/${slug}`,
    section: (slug) => `${base}/${slug}`,
    topic: (slug) => `${base}/topic/${slug}`,
    author: (slug) => `${base}/author/${slug}`,
    media: (imageId, file) => (bucket && isVariantFile(file) ? `${bucket}/public/${imageId}/${file}` : `${base}/media/${imageId}/${file}`),
    page: (slug) => `${base}/info/${slug}`,
  };
}

/**
 * The same places without the site's own origin (`/uk-news/a-story`), for links and pictures
 * inside the site's pages: an 80-card front repeats the origin hundreds of times. A place on
 * another origin (media on a CDN) stays absolute; a site under a path keeps its path.
 */
export function withinSite(urls: Urls, publicUrl: string): Urls {
  const origin = new URL(publicUrl).origin;
  const local = (url: string) => (url.startsWith(`${origin}/`) ? url.slice(origin.length) : url);
  return {
    article: (sectionSlug, slug) => local(urls.article(sectionSlug, slug)),
    section: (slug) => local(urls.section(slug)),
    topic: (slug) => local(urls.topic(slug)),
    author: (slug) => local(urls.author(slug)),
    media: (imageId, file) => local(urls.media(imageId, file)),
    page: (slug) => local(urls.page(slug)),
  };
}
