import pg from 'pg';

type Handler = (payload: string) => void;

/** What the listener says about its connection; never the URL, which holds the password. */
export type ListenerLog = (level: 'warn' | 'info', message: string, error?: unknown) => void;

const stderrLog: ListenerLog = (level, message, error) =>
  process.stderr.write(`masthead ${level}: ${message}${error instanceof Error ? ` (${error.message})` : ''}\n`);

/** Pauses before connecting again: each drawn between 0 and the cap, which doubles from the first to the last. */
const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 15_000;
/** A connection up this long counts as back for good: the pauses start small again. */
const STABLE_MS = 30_000;
/**
 * A listening connection only receives, so a peer that vanished without closing (a failed-over
 * host) would never be noticed: it is asked a trivial query this often, and a connection or
 * query that takes longer than QUERY_TIMEOUT_MS counts as lost.
 */
const HEARTBEAT_MS = 30_000;
const QUERY_TIMEOUT_MS = 10_000;
/** How long closing waits for the server to say goodbye before cutting the socket. */
const END_WAIT_MS = 2_000;

/**
 * PostgreSQL LISTEN on a connection of its own (outside the pool: it must stay open), which comes
 * back when it is lost. A server restart or a managed database's failover ends that connection,
 * and without this every process would silently stop hearing the others' page purges, live
 * announcements and job wake-ups. On losing it, this connects again (after a random pause that
 * grows while it keeps failing, so a fleet does not reconnect in step), listens on every channel
 * again, and then calls each channel's `onMissed`: whatever was announced while it was away is
 * gone, and the listener must catch up by other means (the page cache purges everything, for one).
 */
export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly channels = new Map<string, { handlers: Set<Handler>; missed: Set<() => void> }>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private attempt = 0;
  private upSince = 0;
  private closed = false;
  /** Set when announcements may have gone unheard (a connection lost or never made); the next connection catches up. */
  private gap = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly log: ListenerLog = stderrLog,
  ) {}

  /**
   * Calls `handler` for every NOTIFY on `channel`, and `onMissed` after a lost connection came
   * back; returns a function that stops both. Resolves once the channel is listened, or, when
   * the server cannot be reached just then, once the listener is trying again: the channel is
   * listened on the connection that comes back, and `onMissed` says what was announced meanwhile
   * is gone. It rejects only when the listener is closed.
   */
  async listen(channel: string, handler: Handler, onMissed?: () => void): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('the database listener is closed');
    let entry = this.channels.get(channel);
    const isNew = !entry;
    entry ??= { handlers: new Set(), missed: new Set() };
    this.channels.set(channel, entry);
    const { handlers, missed } = entry;
    handlers.add(handler);
    if (onMissed) missed.add(onMissed);
    // A connection being made listens on every channel named by then, this one too; LISTEN twice is harmless.
    if (isNew) await this.run(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return async () => {
      handlers.delete(handler);
      if (onMissed) missed.delete(onMissed);
      if (handlers.size || missed.size || this.channels.get(channel) !== entry) return;
      this.channels.delete(channel);
      await this.run(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
    };
  }

  /** Runs `statement` on the listening connection; a failure is a lost connection, which connecting again repairs. */
  private async run(statement: string): Promise<void> {
    if (this.closed) return;
    let client: pg.Client;
    try {
      client = await this.connected();
    } catch (error) {
      this.gap = true;
      // A pause is already under way when the connection was lost before; otherwise this starts one.
      if (!this.closed && !this.retryTimer) {
        this.log('warn', 'the database listener could not connect; trying again', error);
        this.reconnectLater();
      }
      return;
    }
    await client.query(statement).catch((error: unknown) => this.lost(client, error));
  }

  /** Every channel asked for is listened on a live connection (true when none is asked for: nothing is missed). */
  get listening(): boolean {
    return !this.closed && (this.client !== undefined || this.channels.size === 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    if (client) await endWithin(client);
  }

  private connected(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('the database listener is closed'));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      application_name: 'masthead-listen',
      ...this.config,
      keepAlive: true,
      connectionTimeoutMillis: QUERY_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
    });
    // Both may come for one loss (an error, then the end); only the current connection's first counts.
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      for (const handler of this.channels.get(message.channel)?.handlers ?? [])
        try {
          handler(message.payload ?? '');
        } catch (error) {
          // Thrown here it would escape pg's socket reading and end the process.
          this.log('warn', `a listener of ${message.channel} failed`, error);
        }
    });
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await endWithin(client);
      throw error;
    }
    if (this.closed) {
      await endWithin(client);
      throw new Error('the database listener is closed');
    }
    this.client = client;
    this.upSince = Date.now();
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      client.query('select 1').catch((error: unknown) => this.lost(client, error));
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    this.catchUp();
    return client;
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.closed || this.client !== client) return;
    this.log('warn', 'the database listener lost its connection; connecting again', error);
    this.client = undefined;
    this.gap = true;
    clearInterval(this.heartbeat);
    void endWithin(client);
    // A connection that stayed up a while starts the pauses small again; one that keeps dropping does not.
    if (Date.now() - this.upSince > STABLE_MS) this.attempt = 0;
    this.reconnectLater();
  }

  private reconnectLater(): void {
    clearTimeout(this.retryTimer);
    const cap = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.attempt++, 16));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connected().catch((error: unknown) => {
        if (this.closed) return;
        this.log('warn', 'the database listener could not connect; trying again', error);
        this.reconnectLater();
      });
    }, Math.random() * cap);
    // Waiting to reconnect must not keep a process that is otherwise done alive.
    this.retryTimer.unref();
  }

  /** Runs before any NOTIFY of the new connection is handled, so a listener catches up first and then hears what follows. */
  private catchUp(): void {
    if (!this.gap) return;
    this.gap = false;
    this.log('info', 'the database listener is connected again; catching up on what it may have missed');
    for (const { missed } of this.channels.values())
      for (const onMissed of missed) {
        try {
          onMissed();
        } catch (error) {
          this.log('warn', 'catching up after the database listener came back failed', error);
        }
      }
  }
}

/** Ends `client`, cutting the socket if the server does not answer in time (a peer that vanished never does). */
async function endWithin(client: pg.Client): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      resolve();
    }, END_WAIT_MS);
    timer.unref();
  });
  await Promise.race([client.end().catch(() => {}), cut]);
  clearTimeout(timer);
}
