import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readManageToken, signManageToken } from './manage-link.ts';

const KEY = 'k'.repeat(43);
const ID = '0b6f1c2e-3d4a-4b5c-8d6e-7f8091a2b3c4';
const OTHER = '1c7f2d3e-4e5b-4c6d-9e7f-809102b3c4d5';
const now = new Date('2026-12-01T10:00:00Z');
const later = new Date('2026-12-31T10:00:00Z');

describe('signed links to a recurring contribution', () => {
  it('reads back the contribution a link was made for, until it expires', () => {
    const token = signManageToken(KEY, ID, later);
    assert.deepEqual(readManageToken(KEY, token, now), { ok: true, recurringId: ID, expiresAt: later });
    assert.match(token, /^[\w.-]+$/, 'safe in a URL as it is');
  });

  it('says a genuine link has expired, and for which contribution, from its last second on', () => {
    const token = signManageToken(KEY, ID, later);
    assert.deepEqual(readManageToken(KEY, token, later), { ok: false, reason: 'expired', recurringId: ID, expiresAt: later });
  });

  it('refuses a link whose contribution, expiry or signature was changed, or that another key signed', () => {
    const token = signManageToken(KEY, ID, later);
    const [, expiry, signature] = token.split('.') as [string, string, string];
    const forged = [
      `${OTHER}.${expiry}.${signature}`,
      `${ID}.${(parseInt(expiry, 36) + 86_400 * 365).toString(36)}.${signature}`,
      `${ID}.${expiry}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      `${ID}.${expiry}.${signature.slice(0, 20)}`,
      signManageToken('another key entirely, not the site one', ID, later),
      token.toUpperCase(),
      `${token}x`,
      '',
      'x'.repeat(10_000),
    ];
    for (const candidate of forged) assert.deepEqual(readManageToken(KEY, candidate, now), { ok: false, reason: 'unreadable' }, candidate.slice(0, 120));
    for (const odd of [undefined, null, 42, { token }, [token]]) assert.deepEqual(readManageToken(KEY, odd, now), { ok: false, reason: 'unreadable' });
  });
});
