/** The response headers of a reader page: computed once, when the page is rendered. */

// Browsers revalidate every time (cheap with ETags); shared caches keep a page a minute and may
// serve it stale briefly while fetching a new one. Purges by surrogate key make it exact here.
export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=30';
const GONE_CACHE_CONTROL = 'public, max-age=0, s-maxage=300';

/**
 * The headers of a page with this status, type, ETag and surrogate keys, on top of the security
 * headers. `surrogateKeys`: whether a cache in front reads them (config.surrogateKeys); the page
 * cache here keeps the keys with the page either way. `cacheTags`: the same keys are also sent
 * comma-separated in `Cache-Tag`, the header Cloudflare purges by.
 */
export function pageHeaders(security: Record<string, string>, surrogateKeys: boolean, cacheTags = false) {
  return (status: number, type: string, etag: string, keys: string[]): Record<string, string> => ({
    ...security,
    'content-type': type,
    etag,
    'cache-control': status === 410 ? GONE_CACHE_CONTROL : status === 200 || status === 302 ? PAGE_CACHE_CONTROL : 'no-store',
    vary: 'accept-encoding',
    ...(surrogateKeys && keys.length ? { 'surrogate-key': surrogateHeader(keys) } : {}),
    ...(cacheTags && keys.length ? { 'cache-tag': surrogateHeader(keys).replaceAll(' ', ',') } : {}),
  });
}

/** Comment keys purge only a count on a card; stories and scopes matter more when keys must be cut. */
const rank = (key: string) => (key.startsWith('comments:') ? 2 : key.startsWith('article:') ? 1 : 0);

/**
 * A Surrogate-Key header within the size CDNs accept: the page's own and list keys first, then
 * its stories, then the comment counts it shows (an 80-card front's comment keys alone are 3.7 KB).
 */
export function surrogateHeader(keys: string[]): string {
  const ordered = [0, 1, 2].flatMap((r) => keys.filter((k) => rank(k) === r));
  let header = '';
  for (const key of ordered) {
    if (header.length + key.length + 1 > 4000) break;
    header += header ? ` ${key}` : key;
  }
  return header;
}
