import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';

/**
 * Rendered pages kept in memory, bounded in bytes, each tagged with the surrogate keys of what
 * it shows. Purging a key drops every page tagged with it at once. Compressed forms are made
 * on first demand and kept with the page.
 */
export interface CachedPage {
  status: number;
  body: Buffer;
  type: string;
  etag: string;
  keys: string[];
  /** Every response header but the length and encoding, computed once per page. */
  headers: Record<string, string>;
  /** Complete header lists (flat name, value pairs) per encoding, made on first use. */
  heads?: Partial<Record<'identity' | 'gzip' | 'br' | 'notModified', string[]>>;
  gzip?: Buffer;
  brotli?: Buffer;
}

export class PageCache {
  private readonly pages: LRUCache<string, CachedPage>;
  /** key -> cache entries tagged with it */
  private readonly index = new Map<string, Set<string>>();
  /**
   * Request URLs seen for each cached page, so a repeat request finds it before routing. A plain
   * map, emptied when it grows past its bound: cheaper on the hot path than another LRU.
   */
  private readonly aliases = new Map<string, string>();
  /** Bumped by every purge: a render that started before one must not be stored after it. */
  private generation = 0;

  constructor(maxBytes: number) {
    this.pages = new LRUCache<string, CachedPage>({
      maxSize: Math.max(maxBytes, 1),
      sizeCalculation: (page) => page.body.length + (page.gzip?.length ?? 0) + (page.brotli?.length ?? 0) + 256,
      dispose: (page, url) => this.unindex(url, page),
    });
  }

  /** Pages held now. */
  get count(): number {
    return this.pages.size;
  }

  /** What the held pages count against the limit, in bytes. */
  get bytes(): number {
    return this.pages.calculatedSize;
  }

  get enabled(): boolean {
    return this.pages.maxSize > 1;
  }

  get(url: string): CachedPage | undefined {
    return this.pages.get(url);
  }

  /** Remembers that `requestUrl` is answered by the page cached under `key`. */
  alias(requestUrl: string, key: string): void {
    if (requestUrl.length > 512 || !this.pages.has(key)) return;
    if (this.aliases.size >= 20_000) this.aliases.clear();
    this.aliases.set(requestUrl, key);
  }

  /** The cached page for a request URL seen before, if it is still current. */
  forRequest(requestUrl: string): CachedPage | undefined {
    const key = this.aliases.get(requestUrl);
    return key === undefined ? undefined : this.pages.get(key);
  }

  /** A token to pass to `set`: if anything was purged in between, the page is not stored. */
  ticket(): number {
    return this.generation;
  }

  set(url: string, page: CachedPage, ticket: number, ttlMs?: number): void {
    if (!this.enabled || ticket !== this.generation) return;
    this.pages.set(url, page, ttlMs ? { ttl: ttlMs } : {});
    for (const key of page.keys) {
      let urls = this.index.get(key);
      if (!urls) this.index.set(key, (urls = new Set()));
      urls.add(url);
    }
  }

  /** The request URLs this process answered with pages tagged with any of `keys` (for a cache in front purged by address). */
  requestUrlsOf(keys: Iterable<string>): string[] {
    const tagged = new Set<string>();
    for (const key of keys) for (const url of this.index.get(key) ?? []) tagged.add(url);
    return [...this.aliases].filter(([, url]) => tagged.has(url)).map(([requestUrl]) => requestUrl);
  }

  /** Drops every page tagged with any of `keys`; `null` drops everything. */
  purge(keys: Iterable<string> | null): number {
    this.generation++;
    if (keys === null) {
      const count = this.pages.size;
      this.pages.clear();
      this.index.clear();
      this.aliases.clear();
      return count;
    }
    let count = 0;
    for (const key of keys) {
      for (const url of [...(this.index.get(key) ?? [])]) if (this.pages.delete(url)) count++;
    }
    return count;
  }

  /** The body in the best encoding the client accepts, compressing once per page. */
  encoded(page: CachedPage, acceptEncoding: string | undefined): { body: Buffer; encoding?: 'br' | 'gzip' } {
    if (!acceptEncoding || page.body.length < 1024) return { body: page.body };
    if (/\bbr\b/.test(acceptEncoding)) {
      page.brotli ??= zlib.brotliCompressSync(page.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
      return { body: page.brotli, encoding: 'br' };
    }
    if (/\bgzip\b/.test(acceptEncoding)) {
      page.gzip ??= zlib.gzipSync(page.body, { level: 6 });
      return { body: page.gzip, encoding: 'gzip' };
    }
    return { body: page.body };
  }

  private unindex(url: string, page: CachedPage): void {
    for (const key of page.keys) {
      const urls = this.index.get(key);
      urls?.delete(url);
      if (urls?.size === 0) this.index.delete(key);
    }
  }
}

/** The complete response header list for a page in one encoding, built once and reused. */
export function headFor(page: CachedPage, kind: 'identity' | 'gzip' | 'br' | 'notModified', length: number): string[] {
  page.heads ??= {};
  let head = page.heads[kind];
  if (!head) {
    head = Object.entries(page.headers).flat();
    if (kind !== 'notModified') head.push('content-length', String(length));
    if (kind === 'gzip' || kind === 'br') head.push('content-encoding', kind);
    page.heads[kind] = head;
  }
  return head;
}

export const etagOf = (body: Buffer) => `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;

/**
 * Pure: whether an If-None-Match header matches. Malformed headers match nothing, so the
 * client simply gets the page.
 */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header || header.length > 2048) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((token) => token.trim().replace(/^W\//, '') === etag);
}
