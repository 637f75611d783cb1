import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { accountLinks, type LinkPurpose } from '../tables.ts';

export type LinkRow = typeof accountLinks.$inferSelect;

export async function insertLink(executor: Executor, row: typeof accountLinks.$inferInsert): Promise<void> {
  await executor.insert(accountLinks).values(row);
}

export async function findLink(executor: Executor, tokenHash: string): Promise<LinkRow | undefined> {
  const [row] = await executor.select().from(accountLinks).where(eq(accountLinks.tokenHash, tokenHash));
  return row;
}

/** Marks a link used unless something already did; the row when this call was first. */
export async function markLinkUsed(executor: Executor, tokenHash: string, now: Date): Promise<LinkRow | undefined> {
  const [used] = await executor
    .update(accountLinks)
    .set({ usedAt: now })
    .where(and(eq(accountLinks.tokenHash, tokenHash), isNull(accountLinks.usedAt)))
    .returning();
  return used;
}

export async function voidLinksOf(executor: Executor, userId: string, purpose: LinkPurpose, now: Date): Promise<void> {
  await executor
    .update(accountLinks)
    .set({ usedAt: now })
    .where(and(eq(accountLinks.userId, userId), eq(accountLinks.purpose, purpose), isNull(accountLinks.usedAt)));
}

/** The other half of an address change: the link of `purpose` carrying the same change id. */
export async function findChangeLink(executor: Executor, userId: string, purpose: LinkPurpose, change: string): Promise<LinkRow | undefined> {
  const [row] = await executor
    .select()
    .from(accountLinks)
    .where(and(eq(accountLinks.userId, userId), eq(accountLinks.purpose, purpose), sql`${accountLinks.data}->>'change' = ${change}`));
  return row;
}

export async function deleteExpiredLinks(executor: Executor, before: Date): Promise<void> {
  await executor.delete(accountLinks).where(lt(accountLinks.expiresAt, before));
}
