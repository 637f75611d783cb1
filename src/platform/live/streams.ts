import type { ServerResponse } from 'node:http';
import { HEARTBEAT, SSE_HEADERS } from './sse.ts';

const HEARTBEAT_MS = 25_000;
/**
 * A reader whose connection stopped taking bytes is let go rather than buffered for: 256 KiB is
 * dozens of entries, more than any reader on a working connection falls behind by.
 */
const MAX_BUFFERED = 256 << 10;

/**
 * The live streams this process holds itself: who reads which topic, how many each network
 * address holds (a socket each, for as long as the page is open) and how many in all.
 */
export class Streams {
  private readonly byTopic = new Map<string, Set<ServerResponse>>();
  private readonly all = new Set<ServerResponse>();
  private readonly perAddress = new Map<string, number>();
  /** Registered streams not begun yet, with the messages waiting for them and their size in bytes. */
  private readonly waiting = new Map<ServerResponse, { messages: string[]; bytes: number }>();
  private readonly releases = new WeakMap<ServerResponse, () => void>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxPerProcess: number,
  ) {}

  admits(address: string): boolean {
    return (this.perAddress.get(address) ?? 0) < this.maxPerAddress;
  }

  /** Streams open here now. */
  get count(): number {
    return this.all.size;
  }

  get full(): boolean {
    return this.all.size >= this.maxPerProcess;
  }

  /** Whether anyone here reads `topic`: a process with no reader of it does no work for it. */
  has(topic: string): boolean {
    return (this.byTopic.get(topic)?.size ?? 0) > 0;
  }

  start(): void {
    // One timer for every stream.
    this.heartbeat = setInterval(() => this.write(this.all, HEARTBEAT), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Puts `response` on `topics` now, counted against the limits, before its first bytes are known:
   * what is sent to the topics meanwhile waits for `begin`, so nothing published while the caller
   * reads what the reader missed falls between that read and the stream. false: the reader has
   * already gone (its 'close' has fired; counting it would hold a slot of the limits for ever).
   */
  register(response: ServerResponse, topics: string[], address: string): boolean {
    if (response.destroyed || response.socket?.destroyed) {
      response.destroy();
      return false;
    }
    for (const topic of topics) {
      let set = this.byTopic.get(topic);
      if (!set) this.byTopic.set(topic, (set = new Set()));
      set.add(response);
    }
    this.all.add(response);
    this.waiting.set(response, { messages: [], bytes: 0 });
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      this.all.delete(response);
      this.waiting.delete(response);
      for (const topic of topics) {
        const set = this.byTopic.get(topic);
        set?.delete(response);
        if (set?.size === 0) this.byTopic.delete(topic);
      }
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    };
    response.on('close', release);
    this.releases.set(response, release);
    return true;
  }

  /** Starts the SSE response of a registered stream: `start`, then whatever waited for it. */
  begin(response: ServerResponse, start: string): void {
    const waited = this.waiting.get(response);
    // Gone meanwhile (the reader left, or fell too far behind): already uncounted.
    if (!waited) return void response.destroy();
    this.waiting.delete(response);
    response.writeHead(200, { ...SSE_HEADERS, connection: 'keep-alive' });
    response.write(start + waited.messages.join(''));
  }

  /** Takes back a registration that will never begin (the caller failed to read the catch-up and answers with an error). */
  unregister(response: ServerResponse): void {
    this.releases.get(response)?.();
    this.releases.delete(response);
  }

  /** The same bytes to every reader of `topic`. */
  send(topic: string, bytes: string): void {
    this.write(this.byTopic.get(topic), bytes);
  }

  /**
   * Sends every reader away to come back with what it has (`Last-Event-ID`), for when this process
   * may have missed announcements (its database listener was lost and came back): a begun stream
   * is told to return within `spreadMs` (each at its own moment, so they do not come back
   * together) and ended; one not begun yet is cut (to a browser, a failed request: the island
   * opens a new stream after its own pause, web/islands/live-stream.ts).
   */
  resumeAll(spreadMs: number, random: () => number = Math.random): void {
    for (const response of [...this.all]) {
      if (this.waiting.has(response)) this.drop(response);
      else response.end(`retry: ${Math.round(1000 + random() * spreadMs)}\n\n`);
    }
  }

  /** Ends every stream (the server is closing: open streams would keep it from closing). */
  stop(): void {
    clearInterval(this.heartbeat);
    for (const response of this.all) {
      if (this.waiting.has(response)) response.destroy();
      else response.end();
    }
  }

  private write(streams: Iterable<ServerResponse> | undefined, bytes: string): void {
    let size: number | undefined;
    for (const response of streams ?? []) {
      const waited = this.waiting.get(response);
      if (waited) {
        waited.messages.push(bytes);
        waited.bytes += size ??= Buffer.byteLength(bytes);
        if (waited.bytes > MAX_BUFFERED) this.drop(response);
      } else if (response.writableLength > MAX_BUFFERED) response.destroy();
      else response.write(bytes);
    }
  }

  /** Lets go of a reader at once (its 'close' may come later, or never for one not begun). */
  private drop(response: ServerResponse): void {
    this.unregister(response);
    response.destroy();
  }
}
