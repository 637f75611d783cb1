import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { LAST_RETRY_MS as LAST_RETRY, MAX_TRIES, followLiveStream, retryDelayMs } from './live-stream.ts';

describe('a live stream’s retries', () => {
  it('doubles from 15 s to 2 minutes, each between half and all of it', () => {
    const lowest = (attempt: number) => retryDelayMs(attempt, () => 0);
    const highest = (attempt: number) => retryDelayMs(attempt, () => 1);
    assert.deepEqual([0, 1, 2, 3, 4].map(highest), [15_000, 30_000, 60_000, 120_000, 120_000]);
    assert.deepEqual([0, 1, 2].map(lowest), [7_500, 15_000, 30_000]);
    assert.equal(highest(1000), 120_000, 'never longer, however many attempts');
    assert.equal(
      retryDelayMs(0, () => 0.5),
      11_250,
    );
  });

  it('gives up after about a quarter of an hour of failures in a row', () => {
    const longest = Array.from({ length: MAX_TRIES }, (_, attempt) => retryDelayMs(attempt, () => 1)).reduce((sum, ms) => sum + ms, 0);
    assert.ok(longest >= 10 * 60_000 && longest <= 20 * 60_000, `${longest} ms`);
  });
});

/** Stands in for the browser's EventSource: the test opens, fails or drops each one. */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static made: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  private readonly listeners = new Map<string, (() => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  private emit(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.emit('open');
  }
  /** An answer that is no stream: the browser closes it for good. */
  refuse() {
    this.readyState = FakeEventSource.CLOSED;
    this.emit('error');
  }
  /** An open stream dropped: the browser tries again by itself. */
  drop() {
    this.readyState = FakeEventSource.CONNECTING;
    this.emit('error');
  }
}

describe('a live stream that keeps failing', () => {
  let gaveUp = 0;
  const latest = () => FakeEventSource.made.at(-1)!;
  const follow = () => followLiveStream({ url: () => `/live?n=${FakeEventSource.made.length}`, listen: () => {}, onGiveUp: () => gaveUp++ });

  beforeEach(() => {
    FakeEventSource.made = [];
    gaveUp = 0;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => {
    mock.timers.reset();
    delete (globalThis as { EventSource?: unknown }).EventSource;
  });

  it('tells the island once, after MAX_TRIES new streams are refused in a row, and tries no more', () => {
    follow();
    for (let retry = 0; retry < MAX_TRIES; retry++) {
      latest().refuse();
      assert.equal(gaveUp, 0, `still trying after ${retry + 1} refusals`);
      mock.timers.tick(LAST_RETRY);
      assert.equal(FakeEventSource.made.length, retry + 2, 'a new stream after the pause');
    }
    latest().refuse();
    assert.equal(gaveUp, 1, 'given up, and the island told');
    mock.timers.tick(LAST_RETRY * 10);
    assert.equal(FakeEventSource.made.length, MAX_TRIES + 1, 'no stream after giving up');
  });

  it('counts only refusals in a row: a stream that opened starts the count again', () => {
    follow();
    for (let retry = 0; retry < MAX_TRIES; retry++) {
      latest().refuse();
      mock.timers.tick(LAST_RETRY);
    }
    latest().open();
    latest().refuse();
    mock.timers.tick(LAST_RETRY);
    assert.equal(gaveUp, 0);
    assert.equal(FakeEventSource.made.length, MAX_TRIES + 2, 'tried again');
  });

  it('does not count the browser’s own reconnects, and never gives up after the island closed it', () => {
    const stream = follow();
    for (let drop = 0; drop < MAX_TRIES * 2; drop++) latest().drop();
    assert.equal(FakeEventSource.made.length, 1, 'the browser reconnects by itself');
    for (let retry = 0; retry < MAX_TRIES; retry++) {
      latest().refuse();
      mock.timers.tick(LAST_RETRY);
    }
    stream.close();
    latest().refuse();
    assert.equal(gaveUp, 0);
  });
});
