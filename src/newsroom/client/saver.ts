import { ApiError } from './api.ts';

/**
 * Autosave. Every change is written to this browser's storage at once, then sent to the
 * server a moment after typing pauses (and at least every few seconds while it does not).
 * Nothing is dropped: without a connection the change waits in storage and goes when the
 * browser is back online; when someone else saved first, the server's 409 stops saving and
 * the editor shows both versions to choose from. A live article is not autosaved: its changes
 * wait (in storage too) for the editor's "Update" button, because readers would see each one.
 */
export type SaveState =
  | { kind: 'saved'; at: Date | null }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'conflict' }
  | { kind: 'failed'; error: ApiError };

export interface Unsaved<F> {
  baseVersion: number;
  fields: F;
  at: string;
}

export interface SaverOptions<F> {
  storageKey: string;
  version: number;
  /** Sends the fields as a change of `version`; resolves with the new version. */
  send: (fields: F, version: number) => Promise<number>;
  onState: (state: SaveState) => void;
  auto: boolean;
  quietMs?: number;
  maxWaitMs?: number;
  retryMs?: number;
}

export class Saver<F> {
  version: number;
  auto: boolean;
  private latest: F | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt = 0;
  private inFlight: Promise<void> | null = null;
  private blocked = false;

  constructor(private readonly options: SaverOptions<F>) {
    this.version = options.version;
    this.auto = options.auto;
    window.addEventListener('online', () => this.latest && !this.blocked && this.auto && this.quietly());
  }

  /** What this browser holds that the server may not have. */
  static unsaved<F>(storageKey: string): Unsaved<F> | null {
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Unsaved<F>) : null;
    } catch {
      return null;
    }
  }

  changed(fields: F): void {
    this.latest = fields;
    this.keepLocally(fields);
    if (this.blocked) return;
    this.options.onState({ kind: 'pending' });
    if (!this.auto) return;
    const now = Date.now();
    if (!this.firstPendingAt) this.firstPendingAt = now;
    clearTimeout(this.timer);
    const wait = Math.min(this.options.quietMs ?? 1_500, Math.max(0, this.firstPendingAt + (this.options.maxWaitMs ?? 5_000) - now));
    this.timer = setTimeout(this.quietly, wait);
  }

  get hasChanges(): boolean {
    return this.latest !== null;
  }

  /** Sends what is waiting now (the workflow buttons call this first). Resolves when saved. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    if (this.inFlight) await this.inFlight;
    if (!this.latest || this.blocked) return;
    const fields = this.latest;
    this.latest = null;
    this.firstPendingAt = 0;
    this.options.onState({ kind: 'saving' });
    this.inFlight = this.options
      .send(fields, this.version)
      .then((version) => {
        this.version = version;
        if (this.latest === null) {
          localStorage.removeItem(this.options.storageKey);
          this.options.onState({ kind: 'saved', at: new Date() });
        } else {
          // Typed on while saving: the newer text goes next, against the new version.
          this.keepLocally(this.latest);
          this.changed(this.latest);
        }
      })
      .catch((error: unknown) => {
        this.latest ??= fields;
        const apiError = error instanceof ApiError ? error : new ApiError(0, 'offline', String(error));
        if (apiError.offline || apiError.status >= 500) {
          this.options.onState({ kind: 'offline' });
          this.timer = setTimeout(this.quietly, this.options.retryMs ?? 5_000);
        } else if (apiError.status === 409) {
          this.blocked = true;
          this.options.onState({ kind: 'conflict' });
        } else {
          // A field the server refused: shown next to the field; the next change tries again.
          this.options.onState({ kind: 'failed', error: apiError });
        }
        throw apiError;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** The article is gone: nothing more to send or keep. */
  discard(): void {
    clearTimeout(this.timer);
    this.blocked = true;
    this.latest = null;
    localStorage.removeItem(this.options.storageKey);
  }

  /** After a conflict is settled: carry on from `version` (with `fields` still to send, or none). */
  resume(version: number, fields: F | null): void {
    this.blocked = false;
    this.version = version;
    this.latest = null;
    if (fields) this.changed(fields);
    else {
      localStorage.removeItem(this.options.storageKey);
      this.options.onState({ kind: 'saved', at: new Date() });
    }
  }

  /** A save nobody awaits (timers, coming back online): its outcome is reported through onState. */
  private quietly = () => void this.flush().catch(() => undefined);

  private keepLocally(fields: F): void {
    try {
      const unsaved: Unsaved<F> = { baseVersion: this.version, fields, at: new Date().toISOString() };
      localStorage.setItem(this.options.storageKey, JSON.stringify(unsaved));
    } catch {
      // Storage full or disabled: the server copy is then the only one; the state says so.
    }
  }
}
