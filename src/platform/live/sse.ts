/** One message on a live stream: an SSE event, its JSON data and, when readers may resume from it, its id. */
export interface LiveMessage {
  event: string;
  data: unknown;
  /** Sent back by a reconnecting browser as Last-Event-ID: what it saw last. */
  id?: string;
  /**
   * Its place in its topic's chain, set by a kind whose messages follow one another on the topic:
   * a GRIP proxy then delivers reliably. One whose `previous` is not the last `id` the proxy gave
   * a reader tells it the reader missed one, and it asks the stream's next link for what was
   * missed. `id` is unique on the topic (the proxy drops an id it has seen lately). Readers never
   * see either.
   */
  sequence?: { id: string; previous: string };
}

/** How soon a browser comes back after a dropped connection, in milliseconds. */
export const RETRY_MS = 3000;
/** A comment line that keeps proxies from closing quiet connections. */
export const HEARTBEAT = ': keep-alive\n\n';

/**
 * One SSE message. `data` is JSON on one line, so no line of it can end the message early; the
 * event name and id are the code's own, but a line break in them would forge fields: refused.
 */
export function sseMessage({ event, data, id }: LiveMessage): string {
  if (/[\r\n]/.test(event) || (id !== undefined && /[\r\n]/.test(id)))
    throw new Error(`a live message's event and id are one line each: ${JSON.stringify({ event, id })}`);
  return `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What every stream starts with: how soon to come back, then what the reader missed. */
export const streamStart = (initial: LiveMessage[], retryMs = RETRY_MS) => `retry: ${retryMs}\n\n${initial.map(sseMessage).join('')}`;
/** What a stream that is over tells a client that reconnects by itself (any EventSource): not before an hour. */
export const OVER_RETRY_MS = 3_600_000;

/** The headers of a live stream: never cached (it may carry a reader's own notifications), never buffered by a proxy. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'private, no-store',
  'x-accel-buffering': 'no',
} as const;
