import type { ServerResponse } from 'node:http';
import type { Database } from '../../platform/db/database.ts';

/**
 * Live comments over Server-Sent Events. Every process keeps the streams of the readers
 * connected to it; a change is announced once through the database (PostgreSQL NOTIFY, which
 * PGlite also has), and each process that has readers of that article loads the comment once
 * and writes the same bytes to all of them. The payload crossing processes is only ids, far
 * below NOTIFY's 8 KB limit, and a process with no reader of an article does no work for it.
 */
export type LiveEvent =
  /**
   * A comment appeared or changed (published, edited, deleted, removed by a moderator). Every
   * reader of the article gets the same bytes, so they carry only what the public page shows
   * (see presentComment): a comment that left the page arrives as a marker with no text.
   */
  | { kind: 'comment'; articleId: string; commentId: string }
  /** Someone replied to one of `userId`'s comments. */
  | { kind: 'notification'; userId: string; commentId: string };

export const LIVE_CHANNEL = 'masthead_comments';
const HEARTBEAT_MS = 25_000;
/** A reader whose connection stopped taking bytes is let go rather than buffered for without end. */
const MAX_BUFFERED = 1 << 20;

/** One SSE message; `data` is JSON on one line, so no line of it can end the message early. */
export const sseMessage = (event: string, data: unknown, id?: string) => `${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export interface LiveSources {
  /** The comment as every reader may see it (never more than the public page shows), or null when it is gone. */
  comment(commentId: string): Promise<{ articleId: string; data: unknown; at: Date } | null>;
  /** What a notification says, or null when there is nothing to tell any more. */
  notification(userId: string, commentId: string): Promise<unknown | null>;
}

export class CommentsLive {
  private readonly byArticle = new Map<string, Set<ServerResponse>>();
  private readonly byUser = new Map<string, Set<ServerResponse>>();
  private readonly perAddress = new Map<string, number>();
  /** Streams open in this process. */
  private streams = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly database: Database,
    private readonly sources: LiveSources,
    private readonly log: { error(details: object, message: string): void },
    private readonly maxPerAddress = Infinity,
    private readonly maxPerProcess = Infinity,
  ) {}

  /** Whether `address` may open another stream here (each holds a socket for as long as the page is open). */
  admits(address: string): boolean {
    return (this.perAddress.get(address) ?? 0) < this.maxPerAddress;
  }

  /** This process holds as many streams as it may (sockets and memory are finite, whoever asks). */
  get full(): boolean {
    return this.streams >= this.maxPerProcess;
  }

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(LIVE_CHANNEL, (payload) => {
      this.deliver(JSON.parse(payload) as LiveEvent).catch((error) => this.log.error({ err: error }, 'live comment delivery failed'));
    });
    // One timer for every stream: a comment line keeps proxies from closing quiet connections.
    this.heartbeat = setInterval(() => this.writeAll(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Tells every process (this one included) of a change, after it committed. */
  private async announce(event: LiveEvent): Promise<void> {
    await this.database.notify(LIVE_CHANNEL, JSON.stringify(event));
  }

  /**
   * A comment changed (after its transaction committed): readers of its article see it, and the
   * reader it replies to is told. Best effort: the change is saved whatever becomes of the message.
   */
  tell(comment: { id: string; articleId: string }, notified: string | null): void {
    const send = async () => {
      await this.announce({ kind: 'comment', articleId: comment.articleId, commentId: comment.id });
      if (notified) await this.announce({ kind: 'notification', userId: notified, commentId: comment.id });
    };
    send().catch((error) => this.log.error({ err: error }, 'could not announce a comment'));
  }

  /** Streams an article's changes (and, when signed in, the reader's notifications) to `response`. */
  open(response: ServerResponse, address: string, articleId: string, userId: string | null, initial = ''): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'private, no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    // How soon the browser comes back after a dropped connection.
    response.write(`retry: 3000\n\n${initial}`);
    add(this.byArticle, articleId, response);
    if (userId) add(this.byUser, userId, response);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    this.streams++;
    response.on('close', () => {
      this.streams--;
      remove(this.byArticle, articleId, response);
      if (userId) remove(this.byUser, userId, response);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    // A database already closed (a failed start, a lost server) has no listener left to stop.
    await this.unlisten?.().catch(() => {});
    for (const set of this.byArticle.values()) for (const response of set) response.end();
    this.byArticle.clear();
    this.byUser.clear();
  }

  private async deliver(event: LiveEvent): Promise<void> {
    if (event.kind === 'comment') {
      if (!this.byArticle.get(event.articleId)?.size) return;
      const found = await this.sources.comment(event.commentId);
      if (found) this.write(this.byArticle.get(found.articleId), sseMessage('comment', found.data, found.at.toISOString()));
    } else {
      if (!this.byUser.get(event.userId)?.size) return;
      const data = await this.sources.notification(event.userId, event.commentId);
      if (data) this.write(this.byUser.get(event.userId), sseMessage('notification', data));
    }
  }

  private write(streams: Set<ServerResponse> | undefined, message: string): void {
    for (const response of streams ?? []) {
      if (response.writableLength > MAX_BUFFERED) response.destroy();
      else response.write(message);
    }
  }

  private writeAll(message: string): void {
    for (const set of this.byArticle.values()) this.write(set, message);
  }
}

function add<K>(map: Map<K, Set<ServerResponse>>, key: K, response: ServerResponse) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(response);
}

function remove<K>(map: Map<K, Set<ServerResponse>>, key: K, response: ServerResponse) {
  const set = map.get(key);
  if (!set) return;
  set.delete(response);
  if (!set.size) map.delete(key);
}
