import { ConfigError, integer, url, type Env } from './parse.ts';

/**
 * Where purges go when content changes: the caches in front of the site, each named by one URL
 * in `CDN_PURGE_URL` (several separated by commas):
 * - `fastly://SERVICE_ID?key=API_TOKEN` (`&soft=1` marks pages stale instead of removing them);
 * - `cloudflare://ZONE_ID?token=API_TOKEN` (`&mode=files` purges page addresses instead of tags);
 * - `http://host:port/path` or `https://…`: a cache of your own (Varnish with docs/deploy/varnish.vcl)
 *   sent `PURGE` (`&method=BAN` for another) with the keys in a `Surrogate-Key` header, and
 *   `Authorization: Bearer TOKEN` when the URL carries `token=`.
 * `api=` replaces Fastly's or Cloudflare's API address (a test's stand-in, a proxy).
 */
export type CdnTarget =
  | { kind: 'fastly'; serviceId: string; token: string; soft: boolean; api: string }
  | { kind: 'cloudflare'; zoneId: string; token: string; byAddress: boolean; api: string }
  | { kind: 'http'; url: string; method: string; token: string | undefined };

export interface CdnConfig {
  targets: CdnTarget[];
  /** Pages also name their keys in `Cache-Tag` (Cloudflare purges by it). */
  cacheTags: boolean;
  /** Some target purges addresses, not keys: the pages' URLs are queued as well. */
  byAddress: boolean;
  /** A purge of everything is sent at most once in this many seconds (the others wait, coalesced). */
  purgeAllEverySeconds: number;
}

const FASTLY_API = 'https://api.fastly.com';
const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';
const NAME = 'CDN_PURGE_URL';

/** What is wrong with one entry, naming its position but never its value (it carries a token). */
const problem = (index: number, what: string) => new ConfigError(NAME, `entry ${index + 1} ${what} (the value is not shown, as it holds a token)`);

function apiBase(index: number, raw: string | null, fallback: string): string {
  if (!raw) return fallback;
  try {
    return url(NAME, raw, ['http:', 'https:']).href.replace(/\/$/, '');
  } catch {
    throw problem(index, 'has an api= that is not an http(s) address');
  }
}

function target(raw: string, index: number): CdnTarget {
  const parsed = url(NAME, raw, ['fastly:', 'cloudflare:', 'http:', 'https:']);
  const query = parsed.searchParams;
  if (parsed.protocol === 'fastly:') {
    const token = query.get('key');
    if (!/^[A-Za-z0-9]{1,64}$/.test(parsed.hostname)) throw problem(index, 'must name a Fastly service id: fastly://SERVICE_ID?key=API_TOKEN');
    if (!token) throw problem(index, 'needs the Fastly API token as key=');
    return { kind: 'fastly', serviceId: parsed.hostname, token, soft: query.get('soft') === '1', api: apiBase(index, query.get('api'), FASTLY_API) };
  }
  if (parsed.protocol === 'cloudflare:') {
    const token = query.get('token');
    const mode = query.get('mode') ?? 'tags';
    if (!/^[a-f0-9]{32}$/i.test(parsed.hostname)) throw problem(index, 'must name a Cloudflare zone id: cloudflare://ZONE_ID?token=API_TOKEN');
    if (!token) throw problem(index, 'needs a Cloudflare API token (with Cache Purge) as token=');
    if (mode !== 'tags' && mode !== 'files') throw problem(index, 'has a mode= other than tags or files');
    return { kind: 'cloudflare', zoneId: parsed.hostname, token, byAddress: mode === 'files', api: apiBase(index, query.get('api'), CLOUDFLARE_API) };
  }
  const method = (query.get('method') ?? 'PURGE').toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(method)) throw problem(index, 'has a method= that is not an HTTP method name');
  const token = query.get('token') ?? undefined;
  query.delete('method');
  query.delete('token');
  if (parsed.username || parsed.password) throw problem(index, 'must not carry a user name or password (use token=)');
  return { kind: 'http', url: parsed.href, method, token };
}

export function cdn(env: Env): CdnConfig | undefined {
  const raw = env.CDN_PURGE_URL?.trim();
  if (!raw) return undefined;
  const targets = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(target);
  return {
    targets,
    cacheTags: targets.some((t) => t.kind === 'cloudflare' && !t.byAddress),
    byAddress: targets.some((t) => t.kind === 'cloudflare' && t.byAddress),
    purgeAllEverySeconds: integer(env, 'CDN_PURGE_ALL_EVERY', 30, 0, 3600),
  };
}
