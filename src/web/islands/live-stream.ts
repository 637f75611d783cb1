/**
 * A live stream (Server-Sent Events) that comes back after the browser gives up on it. The
 * browser reconnects by itself when an open stream drops, but an answer that is not a stream (a
 * proxy's 502 while a crowd arrives, the app's 503 or 429 when its live slots are full, a network
 * error at the first request) closes the EventSource for good: the reader would silently stop
 * getting updates. Then a new one is opened after a delay that doubles from 15 s to 2 minutes,
 * each drawn at random between half and all of it, so a crowd turned away together does not come
 * back together. After MAX_TRIES in a row it stops: a stream that keeps failing is gone (a blog
 * taken down answers 404), and the page's entries stay; `onGiveUp` lets the island tell the
 * reader, who would otherwise wait for updates that never come. Only the islands' browser code
 * uses this.
 */

const FIRST_RETRY_MS = 15_000;
export const LAST_RETRY_MS = 120_000;
/** New streams tried in a row before giving up: about a quarter of an hour of retries. */
export const MAX_TRIES = 10;

/** How long to wait before the `attempt`-th new stream (0 for the first): half to all of the doubled delay. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(full / 2 + (random() * full) / 2);
}

export interface LiveStreamOptions {
  /** The stream's address, asked again before each new stream (it may resume from what the page has). */
  url: () => string;
  /** Adds the page's listeners to each new EventSource. */
  listen: (source: EventSource) => void;
  /** Whether updates flow now: true on open, false while the browser or this retries. */
  onLive?: (live: boolean) => void;
  /** Called once when this stops trying (MAX_TRIES new streams failed in a row); never after `close`. */
  onGiveUp?: () => void;
}

/** Opens the stream and keeps it open (retrying as above) until `close` is called, by the island or one of its listeners. */
export function followLiveStream({ url, listen, onLive, onGiveUp }: LiveStreamOptions): { close: () => void } {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;
  const open = () => {
    source = new EventSource(url());
    source.addEventListener('open', () => {
      attempt = 0;
      onLive?.(true);
    });
    source.addEventListener('error', () => {
      onLive?.(false);
      // CONNECTING: the browser is already trying again. CLOSED: it will not, so this does.
      if (closed || source?.readyState !== EventSource.CLOSED) return;
      if (attempt < MAX_TRIES) timer = setTimeout(open, retryDelayMs(attempt++));
      else {
        closed = true;
        onGiveUp?.();
      }
    });
    listen(source);
  };
  open();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
