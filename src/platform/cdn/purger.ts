/**
 * A cache in front of the site, purged by surrogate key. Each adapter speaks one API and knows
 * its limits; callers hand it what is pending and it takes what it can read: surrogate keys, or
 * page addresses (absolute URLs) for a cache purged by address.
 */
export interface Purger {
  /** What the API accepts in one call: the most a drain hands over at once. */
  readonly batch: number;
  purgeKeys(keys: string[]): Promise<void>;
  purgeAll(): Promise<void>;
}

/** An entry of a purge that is a page's address rather than a surrogate key. */
export const isAddress = (key: string) => /^https?:\/\//.test(key);

/** A purge the cache did not accept: the keys stay queued and the job is retried. Never carries a token. */
export class PurgeFailed extends Error {
  constructor(
    readonly target: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`CDN purge through ${target} failed: ${detail}`);
    this.name = 'PurgeFailed';
  }
}

const TIMEOUT_MS = 10_000;

/**
 * One call to a purge API: a 2xx is done; anything else (a 5xx, a refusal, no answer within
 * 10 s) throws, so the queue retries with its backoff and the keys stay until it succeeds.
 */
export async function send(target: string, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new PurgeFailed(target, null, (error as Error).name === 'TimeoutError' ? 'no answer within 10 s' : (error as Error).message);
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel();
    throw new PurgeFailed(target, response.status, `the API answered ${response.status}`);
  }
  return response;
}

/** Pure: `items` in groups of at most `size`. */
export function chunks<T>(items: T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
