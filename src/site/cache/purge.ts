import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { queuePurge } from '../../platform/cdn/index.ts';
import type { SiteDirectory } from '../directory.ts';
import { keysToPurge } from './keys.ts';
import type { PageCache } from './page-cache.ts';
import type { PageCacheCounts } from './metrics.ts';

const PAGE_CHANNEL = 'masthead_pages';

/**
 * Keeps the page cache true to the content: every content change purges the pages tagged with
 * what changed, here at once, and is broadcast to the other processes (PostgreSQL with
 * WORKERS > 1), which purge the same keys when they hear it, and everything when they may have
 * missed some (their listening connection was lost and came back). With a CDN in front
 * (CDN_PURGE_URL), the process where the change happened also queues its keys for the CDN's
 * purge job; a cache purged by address gets the addresses of the pages every process held.
 */
export async function purgeOnChanges(app: FastifyInstance, ctx: AppContext, cache: PageCache, directory: SiteDirectory, counts: PageCacheCounts) {
  const { database } = ctx;
  // Tells this process's own broadcasts apart from the others' when they come back.
  const origin = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  const cdn = ctx.config.cdn;
  const queueForCdn = (keys: Iterable<string> | null) => {
    // After the commit, never awaited by the write: a crash before this insert leaves the CDN's copy
    // stale until its s-maxage and stale-while-revalidate (90 s) run out.
    void queuePurge(database, keys).catch((error) => app.log.error({ err: error }, 'queueing a CDN purge failed'));
  };
  /** The absolute addresses of the pages this process holds under `keys`, for a CDN purged by address. */
  const addresses = (keys: Set<string> | null) => (keys && cdn?.byAddress ? cache.requestUrlsOf(keys).map((url) => ctx.config.publicUrl + url) : []);
  const purge = (keys: Set<string> | null) => {
    if (keys === null) directory.invalidate();
    counts.purged(cache.purge(keys));
  };
  ctx.events.on('change', (change) => {
    const keys = keysToPurge(change);
    if (cdn) queueForCdn(keys && [...keys, ...addresses(keys)]);
    purge(keys);
    if (database.engine === 'postgres') {
      void database
        .notify(PAGE_CHANNEL, JSON.stringify({ origin, keys: keys && [...keys] }))
        .catch((error) => app.log.error({ err: error }, 'cache purge broadcast failed'));
    }
  });
  if (database.engine === 'postgres') {
    const stop = await database.listen(
      PAGE_CHANNEL,
      (payload) => {
        try {
          const message = JSON.parse(payload) as { origin: string; keys: string[] | null };
          if (message.origin === origin) return;
          const keys = message.keys && new Set(message.keys);
          const held = addresses(keys);
          if (held.length) queueForCdn(held);
          purge(keys);
        } catch {
          purge(null);
        }
      },
      // Purges broadcast while this process could not hear them are lost: none of its pages can be trusted.
      () => purge(null),
    );
    app.addHook('onClose', stop);
  }
}
