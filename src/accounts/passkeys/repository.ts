import { and, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { passkeys, webauthnChallenges } from '../tables.ts';

export type PasskeyRow = typeof passkeys.$inferSelect;

export async function insertChallenge(executor: Executor, row: typeof webauthnChallenges.$inferInsert, now: Date): Promise<void> {
  await executor.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
  await executor.insert(webauthnChallenges).values(row);
}

/** Removes and returns a challenge: each is good for one ceremony. */
export async function takeChallengeRow(executor: Executor, id: string) {
  const [row] = await executor.delete(webauthnChallenges).where(eq(webauthnChallenges.id, id)).returning();
  return row;
}

export async function passkeyTransports(executor: Executor, userId: string) {
  return executor.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, userId));
}

/** Inserts a credential unless its id is known already; the row when it was new. */
export async function insertPasskey(executor: Executor, row: typeof passkeys.$inferInsert) {
  const [inserted] = await executor.insert(passkeys).values(row).onConflictDoNothing().returning({ id: passkeys.id, name: passkeys.name });
  return inserted;
}

export async function findPasskey(executor: Executor, id: string): Promise<PasskeyRow | undefined> {
  const [row] = await executor.select().from(passkeys).where(eq(passkeys.id, id));
  return row;
}

export async function recordPasskeyUse(executor: Executor, id: string, counter: number, backedUp: boolean, now: Date): Promise<void> {
  await executor.update(passkeys).set({ counter, backedUp, lastUsedAt: now }).where(eq(passkeys.id, id));
}

export async function listPasskeys(executor: Executor, userId: string) {
  return executor
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, backedUp: passkeys.backedUp })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(passkeys.createdAt);
}

export async function renamePasskeyRow(executor: Executor, userId: string, id: string, name: string): Promise<boolean> {
  const done = await executor
    .update(passkeys)
    .set({ name })
    .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)))
    .returning({ id: passkeys.id });
  return done.length > 0;
}

export async function deletePasskey(executor: Executor, userId: string, id: string): Promise<boolean> {
  const done = await executor
    .delete(passkeys)
    .where(and(eq(passkeys.userId, userId), eq(passkeys.id, id)))
    .returning({ id: passkeys.id });
  return done.length > 0;
}

export async function deleteExpiredChallenges(executor: Executor, now: Date): Promise<void> {
  await executor.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
}
