import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelayMs } from './live-stream.ts';

describe('a live stream’s retries', () => {
  it('doubles from 5 s to 2 minutes, each between half and all of it', () => {
    const lowest = (attempt: number) => retryDelayMs(attempt, () => 0);
    const highest = (attempt: number) => retryDelayMs(attempt, () => 1);
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(highest), [5_000, 10_000, 20_000, 40_000, 80_000, 120_000]);
    assert.deepEqual([0, 1, 2].map(lowest), [2_500, 5_000, 10_000]);
    assert.equal(highest(1000), 120_000, 'never longer, however many attempts');
    assert.equal(
      retryDelayMs(0, () => 0.5),
      3_750,
    );
  });
});
