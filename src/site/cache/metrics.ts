import type { Metrics } from '../../platform/metrics/index.ts';
import type { PageCache } from './page-cache.ts';

export interface PageCacheCounts {
  hit(): void;
  miss(): void;
  purged(pages: number): void;
}

/**
 * The page cache's metrics: answers from it (hits, on the fast path too) and pages rendered for
 * it (misses), purges and the pages they dropped, and what it holds. Counters without labels:
 * the fast path pays one addition per request.
 */
export function pageCacheMetrics(metrics: Metrics, cache: PageCache): PageCacheCounts {
  const hits = metrics.counter({ name: 'masthead_page_cache_hits_total', help: 'Reader pages answered from the page cache.' });
  const misses = metrics.counter({
    name: 'masthead_page_cache_misses_total',
    help: 'Cacheable reader pages rendered because the page cache did not hold them.',
  });
  const purges = metrics.counter({ name: 'masthead_page_cache_purges_total', help: 'Purges of the page cache (a content change here or in another process).' });
  const dropped = metrics.counter({ name: 'masthead_page_cache_purged_pages_total', help: 'Pages the purges dropped.' });
  metrics.gauge({ name: 'masthead_page_cache_pages', help: 'Pages the page cache holds.' }, (set) => set({}, cache.count));
  metrics.gauge({ name: 'masthead_page_cache_bytes', help: 'Memory the page cache counts for its pages (PAGE_CACHE_MB is the limit).' }, (set) =>
    set({}, cache.bytes),
  );
  return {
    hit: () => hits.inc(),
    miss: () => misses.inc(),
    purged: (pages) => {
      purges.inc();
      dropped.inc({}, pages);
    },
  };
}
