import slugifyText from '@sindresorhus/slugify';
import { withoutTrailing } from '../platform/text.ts';

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const MAX_SLUG = 100;
const slugRe = new RegExp(SLUG_PATTERN);

/**
 * Top-level paths the site and its APIs own. Section slugs become the first segment of article
 * URLs, so a section must not be able to take one of these.
 */
export const RESERVED_SLUGS = new Set([
  'api',
  'newsroom',
  'media',
  'static',
  'assets',
  'search',
  'feeds',
  'feed',
  'rss',
  'sitemaps',
  'sitemap',
  'robots',
  'healthz',
  'uk',
  'us',
  'author',
  'authors',
  'topic',
  'topics',
  'section',
  'sections',
  'account',
  'accounts',
  'signin',
  'signup',
  'login',
  'logout',
  'register',
  'comments',
  'alerts',
  'support',
  'contribute',
  'profile',
  'about',
  'info',
  'sw',
  'favicon',
  'manifest',
  'well-known',
]);

export const isSlug = (value: string) => value.length <= MAX_SLUG && slugRe.test(value);

/** Pure: a readable slug from any text (transliterated, lower-case, cut at a word boundary). */
export function slugFrom(text: string, fallback: string, max = 80): string {
  let slug = slugifyText(text, { decamelize: false });
  if (slug.length > max) {
    slug = slug.slice(0, max);
    const cut = slug.lastIndexOf('-');
    if (cut > max / 2) slug = slug.slice(0, cut);
    slug = withoutTrailing(slug, '-');
  }
  return slug && isSlug(slug) ? slug : fallback;
}

/** Pure: the first of `base`, `base-2`, `base-3`... that is not taken. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
