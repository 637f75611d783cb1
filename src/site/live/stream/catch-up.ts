import { LRUCache } from 'lru-cache';
import type { LiveMessage } from '../../../platform/live/index.ts';

/**
 * A reader further behind than this many changes reloads the page (cached, and one request)
 * instead of replaying them. Change numbers are dense per blog, so this also bounds the entries
 * a catch-up renders, before any is read.
 */
export const CATCH_UP_LIMIT = 100;
/** How long a rendered catch-up is reused: its key holds the blog's change number, so this only bounds how stale an author's name or a picture may be. */
const CATCH_UP_TTL_MS = 60_000;

/** At most this much rendered catch-up is kept (the oldest used goes first). */
const CATCH_UP_CACHE_BYTES = 16 << 20;

/** Reads and renders, as `edition`'s pages show them, the entries of `articleId` changed after `after` (at most CATCH_UP_LIMIT). */
export type RenderCatchUp = (articleId: string, edition: string, after: number) => Promise<LiveMessage[]>;

/**
 * What readers coming back missed, rendered once per blog, edition, starting point and blog change: a
 * crowd reconnecting together (a network blip, a news alert bringing everyone back to one page)
 * or one client asking again and again costs one render, not one per request. Requests arriving
 * while a render runs share it.
 */
export class CatchUps {
  /** Bounded by bytes, not count: a catch-up is up to CATCH_UP_LIMIT entries of HTML. */
  private readonly rendered = new LRUCache<string, LiveMessage[]>({
    maxSize: CATCH_UP_CACHE_BYTES,
    sizeCalculation: (messages) => Math.max(1, Buffer.byteLength(JSON.stringify(messages))),
    ttl: CATCH_UP_TTL_MS,
  });
  private readonly rendering = new Map<string, Promise<LiveMessage[]>>();

  constructor(private readonly render: RenderCatchUp) {}

  /** For a reader who saw the blog up to `after`, the blog being at `lastChange`: the entries since, or a single `refresh`. */
  async since(articleId: string, edition: string, after: number, lastChange: number): Promise<LiveMessage[]> {
    if (after >= lastChange) return [];
    if (lastChange - after > CATCH_UP_LIMIT) return [{ event: 'refresh', data: { change: lastChange } }];
    const key = `${articleId} ${edition} ${after} ${lastChange}`;
    const done = this.rendered.get(key);
    if (done) return done;
    let pending = this.rendering.get(key);
    if (!pending) {
      pending = this.render(articleId, edition, after);
      this.rendering.set(key, pending);
      // A failed read is not kept: the next reader tries again.
      pending.then(
        (messages) => this.rendered.set(key, messages),
        () => {},
      );
      void pending.catch(() => {}).finally(() => this.rendering.delete(key));
    }
    return pending;
  }
}
