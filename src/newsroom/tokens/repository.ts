import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { apiTokens } from '../tables.ts';

/** The stored side of Admin API tokens: rows keyed by the token's hash, never the token. */

export async function insertToken(executor: Executor, row: { id: string; name: string; tokenHash: string }): Promise<void> {
  await executor.insert(apiTokens).values(row);
}

export interface TokenRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Every token, newest first, revoked ones included. */
export async function listTokens(executor: Executor): Promise<TokenRow[]> {
  return executor
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes a token still in use; false when there is none by that id or it is revoked already. */
export async function revokeToken(executor: Executor, id: string): Promise<boolean> {
  const revoked = await executor
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}

/** The token in use whose hash this is. */
export async function findActiveToken(executor: Executor, tokenHash: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await executor
    .select({ id: apiTokens.id, name: apiTokens.name })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
  return row;
}

/** Records a use, at most once a minute: a busy integration should not write on every request. */
export async function touchToken(executor: Executor, id: string): Promise<void> {
  await executor
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
}
