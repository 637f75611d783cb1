import crypto from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/access.ts';
import { graphemeCount, isName } from '../../platform/text.ts';
import { audit, type Actor } from '../../platform/audit/repository.ts';
import { findActiveToken, insertToken, listTokens, revokeToken, touchToken } from './repository.ts';

/**
 * Admin API tokens: 32 random bytes shown once at creation; only their SHA-256 is stored, so a
 * leaked database does not leak working tokens. Tokens are long random values, so a plain
 * hash (not a slow password hash) is the right tool and lookup stays one indexed query.
 */

export { listTokens };

const PREFIX = 'mh_';
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createToken(executor: Executor, name: string): Promise<{ id: string; name: string; token: string }> {
  const token = PREFIX + crypto.randomBytes(32).toString('base64url');
  const id = crypto.randomUUID();
  await insertToken(executor, { id, name, tokenHash: hash(token) });
  return { id, name, token };
}

/** An admin makes a token from the newsroom: named, audited, shown once. */
export async function issueToken(database: Database, actor: Actor, input: { name: string }, now: Date): Promise<{ id: string; name: string; token: string }> {
  const name = input.name.trim();
  if (!isName(name) || graphemeCount(name) > 100) throw invalid('name', 'The name must be one line of visible text, up to 100 characters.');
  return database.transaction(async (tx) => {
    const made = await createToken(tx, name);
    await audit(tx, actor, { action: 'token.create', targetType: 'api-token', targetId: made.id, details: { name } }, now);
    return made;
  });
}

/** An admin revokes a token in use, audited. */
export async function withdrawToken(database: Database, actor: Actor, input: { id: string }, now: Date): Promise<void> {
  const { id } = input;
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('bad_request', 'No token was named.');
  await database.transaction(async (tx) => {
    if (!(await revokeToken(tx, id))) throw new AppError('not_found', 'That token was not found, or is revoked already.');
    await audit(tx, actor, { action: 'token.revoke', targetType: 'api-token', targetId: id }, now);
  });
}

/** The principal behind an `Authorization: Bearer` header, or null. */
export async function authenticateToken(executor: Executor, header: string | undefined): Promise<Principal | null> {
  const match = header?.match(/^Bearer\s+(mh_[A-Za-z0-9_-]{43})\s*$/);
  if (!match) return null;
  const row = await findActiveToken(executor, hash(match[1]!));
  if (!row) return null;
  await touchToken(executor, row.id);
  return { kind: 'api-token', id: row.id, name: row.name };
}
