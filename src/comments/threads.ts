import { AppError } from '../platform/errors.ts';

/** Where the next page of threads starts: the last thread shown, by time, id and recommendations. */
export interface ThreadCursor {
  at: Date;
  id: string;
  score: number;
}

export function encodeThreadCursor(cursor: ThreadCursor): string {
  return Buffer.from(JSON.stringify([cursor.at.toISOString(), cursor.id, cursor.score])).toString('base64url');
}

/** Pure: reads a cursor this API issued; anything else is a 400 naming the parameter. */
export function decodeThreadCursor(raw: string | undefined): ThreadCursor | null {
  if (raw === undefined || raw === '') return null;
  const bad = new AppError('bad_request', 'The cursor parameter is not one this API issued; use the nextCursor of the previous page.', 'cursor');
  if (raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad;
  try {
    const [at, id, score] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [string, string, number];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id) || !Number.isInteger(score) || score < 0) throw bad;
    return { at: date, id, score };
  } catch {
    throw bad;
  }
}
