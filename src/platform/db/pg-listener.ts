import pg from 'pg';

type Handler = (payload: string) => void;

/** The first pause before connecting again, doubling to the last; each drawn between half and all of it. */
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5_000;

/**
 * PostgreSQL LISTEN on a connection of its own (outside the pool: it must stay open), which comes
 * back when it is lost. A server restart or a managed database's failover ends that connection,
 * and without this every process would silently stop hearing the others' page purges, live
 * announcements and job wake-ups. On losing it, this connects again (with a growing, jittered
 * pause, so a fleet does not reconnect in step), listens on every channel again, and then calls
 * each channel's `onMissed`: whatever was announced while it was away is gone, and the listener
 * must catch up by other means (the page cache purges everything, for one).
 */
export class PgListener {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly channels = new Map<string, { handlers: Set<Handler>; missed: Set<() => void> }>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly types: pg.ClientConfig['types'],
  ) {}

  /** Calls `handler` for every NOTIFY on `channel`, and `onMissed` after a lost connection came back; returns a function that stops both. */
  async listen(channel: string, handler: Handler, onMissed?: () => void): Promise<() => Promise<void>> {
    const client = await this.connected();
    let entry = this.channels.get(channel);
    if (!entry) {
      entry = { handlers: new Set(), missed: new Set() };
      this.channels.set(channel, entry);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    const { handlers, missed } = entry;
    handlers.add(handler);
    if (onMissed) missed.add(onMissed);
    return async () => {
      handlers.delete(handler);
      if (onMissed) missed.delete(onMissed);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private connected(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url, types: this.types, application_name: 'masthead-listen' });
    // Both may come for one loss (an error, then the end); only the current connection's first counts.
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      for (const handler of this.channels.get(message.channel)?.handlers ?? []) handler(message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      throw new Error('the listener is closed');
    }
    this.client = client;
    return client;
  }

  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => {});
    this.reconnectLater();
  }

  private reconnectLater(): void {
    const full = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.attempt++, 16));
    this.retryTimer = setTimeout(
      () => {
        this.connected().then(
          () => {
            this.attempt = 0;
            for (const { missed } of this.channels.values()) for (const onMissed of missed) onMissed();
          },
          () => {
            if (!this.closed) this.reconnectLater();
          },
        );
      },
      full / 2 + (Math.random() * full) / 2,
    );
    // Waiting to reconnect must not keep a process that is otherwise done alive.
    this.retryTimer.unref();
  }
}
