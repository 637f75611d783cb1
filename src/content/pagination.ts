import { AppError } from '../platform/errors.ts';

/** Opaque position in a list ordered by (time desc, id desc). */
export interface Cursor {
  at: Date;
  id: string;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id])).toString('base64url');
}

/** Pure: reads a cursor we issued; anything else is a 400 naming the parameter. */
export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const bad = new AppError('bad_request', 'The cursor parameter is not one this API issued. Use the nextCursor of a previous page.', 'cursor');
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad;
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof at !== 'string' || Number.isNaN(date.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) throw bad;
    return { at: date, id };
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
