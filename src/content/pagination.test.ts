import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.ts';
import { decodeCursor, encodeCursor } from './pagination.ts';

const ID = '0b1e3c5a-4d6f-4a8b-9c0d-1e2f3a4b5c6d';
const AT = new Date('2026-11-27T10:00:00.000Z');

describe('cursors', () => {
  it('round-trip a position by time, and by score for ranked lists', () => {
    assert.deepEqual(decodeCursor(encodeCursor({ at: AT, id: ID })), { at: AT, id: ID });
    assert.deepEqual(decodeCursor(encodeCursor({ at: AT, id: ID, score: 7 })), { at: AT, id: ID, score: 7 });
    assert.equal(decodeCursor(''), undefined);
  });

  it('refuses anything this API did not issue with a 400 naming the parameter', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const raw of [
      '%%%',
      'x'.repeat(201),
      forged([AT.toISOString()]),
      forged([AT.toISOString(), ID, -1]),
      forged([AT.toISOString(), ID, 1.5]),
      forged([AT.toISOString(), ID, 1, 2]),
      forged({ at: 1 }),
      forged(['not a date', ID]),
    ]) {
      assert.throws(
        () => decodeCursor(raw),
        (error: unknown) => error instanceof AppError && error.code === 'bad_request' && error.field === 'cursor',
        raw,
      );
    }
  });
});
