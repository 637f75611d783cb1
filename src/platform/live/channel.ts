import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { Grip, type ReliableHold } from './grip.ts';
import { OVER_RETRY_MS, SSE_HEADERS, sseMessage, streamStart, type LiveMessage } from './sse.ts';
import { Streams } from './streams.ts';
import type { CountMetric, Metrics } from '../metrics/metrics.ts';

/** When a reader turned away by a full process should try again. */
const BUSY_RETRY_SECONDS = 60;
/** Readers sent away after a lost listener come back within this many milliseconds (past a first second), spread at random. */
const RESUME_SPREAD_MS = 30_000;
/** The database channel every process listens on for announcements. */
export const LIVE_NOTIFY_CHANNEL = 'masthead_live';
/** NOTIFY carries at most 8000 bytes: an announcement is ids, never the message itself. */
const MAX_ANNOUNCEMENT = 7000;
/** How long the announcing process keeps its own rendering for when its announcement comes back. */
const OWN_RENDER_MS = 30_000;
/** Topic names travel in Grip-Channel headers: no separators, no spaces. */
const TOPIC = /^[A-Za-z0-9:_.-]{1,200}$/;

type Render = (payload: never, topic: string) => Promise<LiveMessage | null>;
interface Announcement {
  kind: string;
  /** The topics the one announcement goes to (one NOTIFY, however many). */
  topics?: string[];
  /** The one topic of an announcement from a process of the release before (a rolling deploy). */
  topic?: string;
  payload: unknown;
  /** Set when the announcing process already rendered the messages (for the GRIP proxy). */
  rendered?: string;
}

/** What a stream starts with: the messages a reader missed and, for a proxy's reliable delivery, where they end. */
export interface CatchUp {
  messages: LiveMessage[];
  /** Only for topics whose messages carry a `sequence`: the id of the last one `messages` covers, per topic, and the stream's link from there. */
  reliable?: ReliableHold;
}

export interface LiveChannelOptions {
  database: Database;
  log: { error(details: object, message: string): void };
  /** A GRIP proxy in front (Pushpin, Fastly Fanout); unset, every stream is held by the app. */
  gripUrl?: string | undefined;
  maxPerAddress?: number;
  maxPerProcess?: number;
  /** Counts the streams this process holds and the publishes to the GRIP proxy. */
  metrics?: Metrics;
}

/**
 * Live updates for readers over Server-Sent Events, for every domain. A domain says once how an
 * announcement of a kind becomes a message (`define`), announces after each commit (`publish`),
 * and opens readers' streams on topics (`open`). Announcements cross processes through the
 * database (NOTIFY, ids only); each process that has readers of the topic renders the message
 * once and writes the same bytes to all of them. With a GRIP proxy in front, requests it signed
 * get hold instructions instead and the announcing process publishes each message to the proxy
 * once; requests that did not come through it are still served here (a mixed set-up works).
 */
export class LiveChannel {
  private readonly renders = new Map<string, Render>();
  private readonly local: Streams;
  private readonly grip: Grip | undefined;
  private readonly published: CountMetric | undefined;
  private readonly database: Database;
  private readonly log: LiveChannelOptions['log'];
  /** Messages this process rendered for the proxy, by announcement and topic, so it does not render them twice. */
  private readonly own = new Map<string, Map<string, Promise<LiveMessage | null>>>();
  /** The last delivery per topic: messages of a topic leave in the order they were announced. */
  private readonly queues = new Map<string, Promise<void>>();
  /** The last NOTIFY per topic: announcements to a topic leave in the order they were made. */
  private readonly notifying = new Map<string, Promise<void>>();
  private unlisten: (() => Promise<void>) | undefined;
  /** A seam for tests: runs between reading a stream's catch-up and starting it, where a change would once have been lost. */
  afterCatchUp: (() => Promise<void>) | undefined;

  constructor(options: LiveChannelOptions) {
    this.database = options.database;
    this.log = options.log;
    this.local = new Streams(options.maxPerAddress ?? Infinity, options.maxPerProcess ?? Infinity);
    this.grip = options.gripUrl ? new Grip(options.gripUrl) : undefined;
    options.metrics?.gauge({ name: 'masthead_live_streams', help: 'Readers’ live streams this process holds open (not those a GRIP proxy holds).' }, (set) =>
      set({}, this.count),
    );
    this.published = options.metrics?.counter({
      name: 'masthead_grip_publishes_total',
      help: 'Messages published to the GRIP proxies, by outcome (sent, failed after its retries).',
      labels: ['outcome'],
    });
  }

  /**
   * How an announcement of `kind` becomes the message the readers of `topic` get; run once per
   * topic in each process that has readers of it (and once per topic by the announcing process
   * when a GRIP proxy is configured). null: nothing to send (the thing is gone, there is nothing
   * to tell any more, or nothing for that topic).
   */
  define<P>(kind: string, render: (payload: P, topic: string) => Promise<LiveMessage | null>): void {
    if (this.renders.has(kind)) throw new Error(`live kind "${kind}" is defined twice`);
    this.renders.set(kind, render as Render);
  }

  /**
   * After a commit: every reader of each of `topics`, in every process and behind the GRIP proxy,
   * gets render(payload, topic). One announcement (one NOTIFY) however many topics: a thing shown
   * differently to readers of several topics (a live blog in several editions) costs no more
   * traffic between processes. Best effort, never throws (logs): the change is saved whatever
   * becomes of the message. `payload` is small (ids): it crosses processes through NOTIFY.
   */
  publish<P>(kind: string, topics: string | string[], payload: P): void {
    const list = typeof topics === 'string' ? [topics] : topics;
    this.announce(kind, list, payload).catch((error) => this.log.error({ err: error, kind, topics: list }, 'could not announce a live message'));
  }

  /**
   * Opens a stream on `topics` for this request, starting with `catchUp()`'s messages (what a
   * reconnecting reader missed). Held by the GRIP proxy when the request came through it (a
   * Grip-Sig that verifies), else by this process. Here the stream is on its topics before
   * `catchUp` runs: a message published while it reads is kept and sent after the catch-up
   * (perhaps twice, never lost). Through the proxy, `reliable` closes the same gap (see
   * Grip.hold) for topics whose messages carry a `sequence` (live blogs' entries); a topic without
   * one (comments) can still lose a message published between its catch-up and the proxy's hold.
   * Takes the reply over and ends it itself once the catch-up is read; if that
   * throws, the error is the caller's to answer. The caller checks `full` and `admits` first;
   * streams the proxy holds count against neither.
   */
  async open(request: FastifyRequest, reply: FastifyReply, options: { topics: string[]; address: string; catchUp: () => Promise<CatchUp> }): Promise<void> {
    for (const topic of options.topics) checkTopic(topic);
    const gripSig = request.headers['grip-sig'];
    if (this.grip && gripSig) {
      if (await this.signed(this.grip, gripSig)) {
        const { messages, reliable } = await options.catchUp();
        await this.afterCatchUp?.();
        reply.hijack();
        return this.grip.hold(reply.raw, options.topics, streamStart(messages), reliable);
      }
      // A signature that did not verify (forged, or from another proxy) waited for its check: the
      // limits the caller checked may have filled meanwhile, by many such requests at once.
      if (this.local.full || !this.local.admits(options.address))
        throw new AppError('unavailable', 'Live updates are busy on this server. Reload the page in a minute to follow them live.', undefined, {
          retryAfterSeconds: BUSY_RETRY_SECONDS,
        });
    }
    // Without a proxy or a signature the stream is registered now, so the limits just checked still hold.
    if (!this.local.register(reply.raw, options.topics, options.address)) return void reply.hijack();
    let catchUp: CatchUp;
    try {
      catchUp = await options.catchUp();
      await this.afterCatchUp?.();
    } catch (error) {
      this.local.unregister(reply.raw);
      throw error;
    }
    reply.hijack();
    this.local.begin(reply.raw, streamStart(catchUp.messages));
  }

  /**
   * Answers with a stream that ends after `messages`, followed by nothing: what a proxy gets when
   * it follows the link of a stream that is over (it passes them on and closes the reader's stream).
   */
  finish(reply: FastifyReply, messages: LiveMessage[]): void {
    reply.hijack();
    reply.raw.writeHead(200, SSE_HEADERS);
    reply.raw.end(streamStart(messages, OVER_RETRY_MS));
  }

  /** Whether `address` may open another stream here (each holds a socket for as long as the page is open). */
  admits(address: string): boolean {
    return this.local.admits(address);
  }

  /** Streams this process holds itself now (those the GRIP proxy holds are not here). */
  get count(): number {
    return this.local.count;
  }

  /** This process holds as many streams as it may (sockets and memory are finite, whoever asks). */
  get full(): boolean {
    return this.local.full;
  }

  async start(): Promise<void> {
    // Announcements made while the listener was away never arrive: the readers held here come back for what they missed.
    this.unlisten = await this.database.listen(
      LIVE_NOTIFY_CHANNEL,
      (text) => this.receive(text),
      () => this.local.resumeAll(RESUME_SPREAD_MS),
    );
    this.local.start();
  }

  async stop(): Promise<void> {
    // A database already closed (a failed start, a lost server) has no listener left to stop.
    await this.unlisten?.().catch(() => {});
    this.local.stop();
  }

  /** A signature that cannot be checked is no signature: the request is served here, and logged. */
  private async signed(grip: Grip, gripSig: string | string[]): Promise<boolean> {
    try {
      return await grip.signed(gripSig);
    } catch (error) {
      this.log.error({ err: error }, 'could not check a Grip-Sig');
      return false;
    }
  }

  private async announce(kind: string, topics: string[], payload: unknown): Promise<void> {
    for (const topic of topics) checkTopic(topic);
    if (!this.renders.has(kind)) throw new Error(`live kind "${kind}" is not defined`);
    // `topic` as well for one: a process of the release before (a rolling deploy) reads only that.
    const announcement: Announcement = topics.length === 1 ? { kind, topics, topic: topics[0], payload } : { kind, topics, payload };
    if (this.grip) {
      // The proxy's readers get each topic's message from here, rendered once; this process keeps them for its own readers.
      const id = (announcement.rendered = randomUUID());
      const mine = new Map(topics.map((topic) => [topic, this.render(announcement, topic)]));
      this.own.set(id, mine);
      setTimeout(() => this.own.delete(id), OWN_RENDER_MS).unref();
      const grip = this.grip;
      for (const [topic, rendered] of mine)
        this.inOrder(`grip ${topic}`, rendered, async (message) => {
          try {
            await grip.publish(topic, sseMessage(message), message.sequence);
            this.published?.inc({ outcome: 'sent' });
          } catch (error) {
            this.published?.inc({ outcome: 'failed' });
            throw error;
          }
        });
    }
    const text = JSON.stringify(announcement);
    if (Buffer.byteLength(text) > MAX_ANNOUNCEMENT) throw new Error(`a live announcement of "${kind}" is too long for NOTIFY: announce ids, not content`);
    // Each NOTIFY after the last one to any of its topics has gone: on a pool of connections two at
    // once may arrive the other way round, and readers would get a change after the one that followed it.
    const previous = Promise.all(topics.map((topic) => this.notifying.get(topic) ?? Promise.resolve()));
    const sent = previous.then(() => this.database.notify(LIVE_NOTIFY_CHANNEL, text));
    const settled = sent.catch(() => {});
    for (const topic of topics) this.notifying.set(topic, settled);
    void settled.then(() => {
      for (const topic of topics) if (this.notifying.get(topic) === settled) this.notifying.delete(topic);
    });
    await sent;
  }

  private receive(text: string): void {
    let announcement: Announcement;
    try {
      announcement = JSON.parse(text) as Announcement;
    } catch (error) {
      return this.log.error({ err: error }, 'a live announcement was not JSON');
    }
    const mine = announcement.rendered ? this.own.get(announcement.rendered) : undefined;
    if (announcement.rendered) this.own.delete(announcement.rendered);
    for (const topic of announcement.topics ?? (announcement.topic ? [announcement.topic] : [])) {
      if (!this.local.has(topic)) continue;
      const rendered = mine?.get(topic) ?? this.render(announcement, topic);
      this.inOrder(topic, rendered, async (message) => this.local.send(topic, sseMessage(message)));
    }
  }

  private async render({ kind, payload }: Announcement, topic: string): Promise<LiveMessage | null> {
    const render = this.renders.get(kind);
    if (!render) throw new Error(`live kind "${kind}" is not defined in this process`);
    return render(payload as never, topic);
  }

  /** Sends each rendered message after the ones announced before it on the same queue, whatever order the renders finish in. */
  private inOrder(queue: string, rendered: Promise<LiveMessage | null>, send: (message: LiveMessage) => Promise<void>): void {
    const previous = this.queues.get(queue) ?? Promise.resolve();
    const next = previous
      .then(() => rendered)
      .then(async (message) => {
        if (message) await send(message);
      })
      .catch((error) => this.log.error({ err: error, queue }, 'could not deliver a live message'));
    this.queues.set(queue, next);
    void next.then(() => {
      if (this.queues.get(queue) === next) this.queues.delete(queue);
    });
  }
}

function checkTopic(topic: string): void {
  if (!TOPIC.test(topic)) throw new Error(`a live topic is letters, digits and ":_.-" only, got ${JSON.stringify(topic)}`);
}
