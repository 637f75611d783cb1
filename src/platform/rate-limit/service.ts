import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { addFailure, blockedUntil, countCall, resetFailures, setBlockedUntil } from './repository.ts';

/**
 * Rate limits kept in the database, so every process of a site counts together. Used on the
 * few routes where abuse costs something (sign-up, sign-in, sending e-mail); hot read paths
 * never pay for them.
 */
export interface Limit {
  /** Calls allowed per window. */
  max: number;
  windowSeconds: number;
}

/** Counts one call under `key`; throws 429 with the wait when the window is full. */
export async function hit(executor: Executor, key: string, limit: Limit, now: Date, message = 'Too many attempts.'): Promise<void> {
  const { count, windowStartedAt } = await countCall(executor, key, limit.windowSeconds, now);
  if (count > limit.max) {
    const endsAt = windowStartedAt.getTime() + limit.windowSeconds * 1000;
    throw tooMany(message, Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)));
  }
}

/** Counts one call under `key`; false once the window is full (for work that is skipped, not refused). */
export async function within(executor: Executor, key: string, limit: Limit, now: Date): Promise<boolean> {
  return (await countCall(executor, key, limit.windowSeconds, now)).count <= limit.max;
}

const tooMany = (message: string, retryAfterSeconds: number) =>
  new AppError('too_many_requests', `${message} Try again in ${describeWait(retryAfterSeconds)}.`, undefined, { retryAfterSeconds });

/** Pure: "40 seconds", "3 minutes". */
export function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * Pure: the wait after `failures` failures in a row. The first few are free (typos happen);
 * then it doubles from 2 seconds and stops growing at 15 minutes. It always ends: a stranger
 * guessing at a reader's password can slow their sign-in, never lock them out, and e-mailed
 * links and passkeys do not wait at all.
 */
export function failureDelaySeconds(failures: number): number {
  const FREE = 4;
  if (failures <= FREE) return 0;
  return Math.min(900, 2 ** (failures - FREE));
}

/** Throws 429 while `key` must still wait after its last failure. */
export async function checkDelay(executor: Executor, key: string, now: Date, message: string): Promise<void> {
  const until = (await blockedUntil(executor, key))?.getTime() ?? 0;
  if (until > now.getTime()) throw tooMany(message, Math.ceil((until - now.getTime()) / 1000));
}

export async function recordFailure(executor: Executor, key: string, now: Date): Promise<void> {
  const wait = failureDelaySeconds(await addFailure(executor, key, now));
  if (wait) await setBlockedUntil(executor, key, new Date(now.getTime() + wait * 1000));
}

export const clearFailures = resetFailures;
