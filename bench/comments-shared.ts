/** What the comments benchmark's parts share (bench/comments.ts runs them): statistics, sizes, the seeded site, timed requests. */
export const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
export const pct = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
export const round = (n: number) => Math.round(n * 10) / 10;
export const summary = (values: number[]) => ({
  median: round(pct(values, 0.5)),
  p95: round(pct(values, 0.95)),
  p99: round(pct(values, 0.99)),
  n: values.length,
});

export const POSTERS = 100;
/** Each thread: a top-level comment, a chain of replies to depth 6, and one more reply at depth 1 (8 comments). */
export const THREADS = 250;
export const SSE_CONNECTIONS = 5_000;
export const LIVE_POSTS = 10;

export interface Seeded {
  big: { id: string; url: string };
  plain: { id: string; url: string };
  posters: { cookie: string; csrf?: string }[];
}

/** Sequential GETs over one kept-alive connection; milliseconds each. */
export async function timeGets(url: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

/** A reader's CSRF token, and the cookie that goes with it. */
export async function csrfFor(base: string, cookie: string) {
  const me = await fetch(`${base}/api/me`, { headers: { cookie } });
  const extra = me.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { csrf: csrfToken, cookie: `${cookie}; ${extra}` };
}
