import { setTimeout as pause } from 'node:timers/promises';

/**
 * Waits until `check` gives a truthy value and returns it, looking again after each short
 * pause. It has no deadline of its own: a fixed one is a guess about how fast the machine is,
 * which a busy CI runner loses. The test's own timeout bounds the wait and names the test.
 */
/** What a truthy check gave: never false, 0, '', null or undefined. */
type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function until<T>(check: () => T | Promise<T>, pauseMs = 10): Promise<Truthy<T>> {
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    await pause(pauseMs);
  }
}
