/**
 * What a browser remembers for support asks, kept in localStorage and sent with each
 * `/api/ask`: never sent anywhere else, never tied to an account. Pure updates over it.
 */
export interface AskMemory {
  /** Random, made once: the same browser always sees the same variant of a test. */
  browserId: string;
  /** When articles were read (ms), a year at most. */
  reads: number[];
  /** The last articles read, so a reload is not a second read. */
  recent: string[];
  /** Per test: when it was seen (90 days kept), and when it was last closed. */
  views: Record<string, number[]>;
  closed: Record<string, number>;
  /** Until when this browser counts as a supporter's (set after a contribution). */
  supporterUntil: number;
}

const DAY = 86_400_000;
const MAX_READS = 500;
const MAX_TESTS = 100;

export const emptyMemory = (browserId: string): AskMemory => ({ browserId, reads: [], recent: [], views: {}, closed: {}, supporterUntil: 0 });

/** Pure: a memory read back from storage, whatever state it is in. */
export function reviveMemory(raw: unknown, makeId: () => string): AskMemory {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<AskMemory>;
  const numbers = (list: unknown) => (Array.isArray(list) ? list.filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0) : []);
  const id = typeof r.browserId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(r.browserId) ? r.browserId : makeId();
  const views: Record<string, number[]> = {};
  for (const [test, times] of Object.entries(r.views && typeof r.views === 'object' ? r.views : {}).slice(-MAX_TESTS))
    if (test.length <= 64) views[test] = numbers(times);
  const closed: Record<string, number> = {};
  for (const [test, at] of Object.entries(r.closed && typeof r.closed === 'object' ? r.closed : {}).slice(-MAX_TESTS))
    if (test.length <= 64 && typeof at === 'number' && at >= 0) closed[test] = at;
  return {
    browserId: id,
    reads: numbers(r.reads).slice(-MAX_READS),
    recent: Array.isArray(r.recent) ? r.recent.filter((x): x is string => typeof x === 'string').slice(-20) : [],
    views,
    closed,
    supporterUntil: typeof r.supporterUntil === 'number' ? r.supporterUntil : 0,
  };
}

/** Pure: the memory after reading an article (a reload of a recent one does not count again). */
export function afterRead(memory: AskMemory, articleId: string, now: number): AskMemory {
  if (memory.recent.includes(articleId)) return memory;
  return { ...memory, recent: [...memory.recent, articleId].slice(-20), reads: [...memory.reads.filter((t) => t > now - 365 * DAY), now].slice(-MAX_READS) };
}

/** Pure: the memory after an ask was seen. */
export function afterView(memory: AskMemory, testId: string, now: number): AskMemory {
  const views = { ...memory.views, [testId]: [...(memory.views[testId] ?? []).filter((t) => t > now - 90 * DAY), now].slice(-50) };
  const keys = Object.keys(views);
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_TESTS))) delete views[key];
  return { ...memory, views };
}

export const afterClose = (memory: AskMemory, testId: string, now: number): AskMemory => ({ ...memory, closed: { ...memory.closed, [testId]: now } });

/** Pure: a contribution was made from this browser: it is a supporter's for a year. */
export const afterContribution = (memory: AskMemory, now: number): AskMemory => ({ ...memory, supporterUntil: now + 365 * DAY });

/** Pure: the device class, from the viewport's width. */
export const deviceOf = (width: number): 'mobile' | 'tablet' | 'desktop' => (width < 600 ? 'mobile' : width < 1024 ? 'tablet' : 'desktop');
