import { AppError } from '../platform/errors.ts';

/** Opaque position in a list ordered by (time desc, id desc), or by (score, time, id) where a list ranks. */
export interface Cursor {
  at: Date;
  id: string;
  score?: number;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export function encodeCursor(cursor: Cursor): string {
  const parts: (string | number)[] = [cursor.at.toISOString(), cursor.id];
  if (cursor.score !== undefined) parts.push(cursor.score);
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** Pure: reads a cursor we issued; anything else is a 400 naming the parameter. */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const bad = new AppError('bad_request', 'The cursor parameter is not one this API issued. Use the nextCursor of a previous page.', 'cursor');
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad;
  try {
    const parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parts) || parts.length < 2 || parts.length > 3) throw bad;
    const [at, id, score] = parts as [unknown, unknown, unknown];
    if (typeof at !== 'string' || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw bad;
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) throw bad;
    if (score !== undefined && (typeof score !== 'number' || !Number.isInteger(score) || score < 0)) throw bad;
    return score === undefined ? { at: date, id } : { at: date, id, score };
  } catch {
    throw bad;
  }
}

/** Pure: the page and the cursor of the next one, from `limit + 1` fetched rows. */
export function page<T>(fetched: T[], limit: number, cursorOf: (item: T) => Cursor): { items: T[]; nextCursor: string | null } {
  const items = fetched.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: fetched.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
