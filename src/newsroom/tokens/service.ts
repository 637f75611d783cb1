import crypto from 'node:crypto';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/access.ts';
import { apiTokens } from '../tables.ts';

/**
 * Admin API tokens: 32 random bytes shown once at creation; only their SHA-256 is stored, so a
 * leaked database does not leak working tokens. Tokens are long random values, so a plain
 * hash (not a slow password hash) is the right tool and lookup stays one indexed query.
 */

const PREFIX = 'mh_';
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export async function createToken(executor: Executor, name: string): Promise<{ id: string; name: string; token: string }> {
  const token = PREFIX + crypto.randomBytes(32).toString('base64url');
  const id = crypto.randomUUID();
  await executor.insert(apiTokens).values({ id, name, tokenHash: hash(token) });
  return { id, name, token };
}

export async function listTokens(executor: Executor) {
  return executor
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(executor: Executor, id: string): Promise<boolean> {
  const revoked = await executor
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}

/** The principal behind an `Authorization: Bearer` header, or null. */
export async function authenticateToken(executor: Executor, header: string | undefined): Promise<Principal | null> {
  const match = header?.match(/^Bearer\s+(mh_[A-Za-z0-9_-]{43})\s*$/);
  if (!match) return null;
  const [row] = await executor
    .select({ id: apiTokens.id, name: apiTokens.name })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hash(match[1]!)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  // Record use at most once a minute: a busy integration should not write on every request.
  await executor
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
  return { kind: 'api-token', id: row.id, name: row.name };
}
