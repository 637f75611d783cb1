import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TRIES, retryDelayMs } from './live-stream.ts';

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
