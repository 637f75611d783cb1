import { and, asc, eq, isNull, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { accountLinks, consents, passkeys, sessions, users, webauthnChallenges } from '../tables.ts';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmailKey(executor: Executor, emailKey: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.emailKey, emailKey));
  return row;
}

export async function findUserById(executor: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.id, id));
  return row;
}

export async function insertUser(executor: Executor, row: typeof users.$inferInsert): Promise<UserRow> {
  const [inserted] = await executor.insert(users).values(row).returning();
  return inserted!;
}

/** Inserts unless the address is taken (two confirmations racing); returns the account either way. */
export async function insertUserOrFind(executor: Executor, row: typeof users.$inferInsert): Promise<{ user: UserRow; created: boolean }> {
  const [inserted] = await executor.insert(users).values(row).onConflictDoNothing({ target: users.emailKey }).returning();
  if (inserted) return { user: inserted, created: true };
  return { user: (await findUserByEmailKey(executor, row.emailKey))!, created: false };
}

export async function updateUser(executor: Executor, id: string, changes: Partial<typeof users.$inferInsert>, now: Date): Promise<void> {
  await executor
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id));
}

/**
 * Spends a one-time code: records the time step it matched unless that step, or a later one, was
 * already spent, in one statement, so of two requests carrying the same code only one gets a
 * row back. Bound to the secret the code was checked against: a code of an app that was just
 * replaced spends nothing. False when the code was already used (or the secret changed).
 */
export async function spendTotpStep(executor: Executor, id: string, secret: string, step: number, now: Date): Promise<boolean> {
  const spent = await executor
    .update(users)
    .set({ totpLastStep: step, updatedAt: now })
    .where(and(eq(users.id, id), eq(users.totpSecret, secret), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return spent.length > 0;
}

/**
 * Sets, replaces or clears the authenticator-app secret only while it is still `expected` (null:
 * the account has none), so a change decided on what a request read never overwrites what
 * another request wrote in between. False when the secret had already changed.
 */
export async function swapTotpSecret(
  executor: Executor,
  id: string,
  expected: string | null,
  next: { secret: string | null; lastStep: number | null },
  now: Date,
): Promise<boolean> {
  const still = expected === null ? isNull(users.totpSecret) : eq(users.totpSecret, expected);
  const swapped = await executor
    .update(users)
    .set({ totpSecret: next.secret, totpLastStep: next.lastStep, updatedAt: now })
    .where(and(eq(users.id, id), still))
    .returning({ id: users.id });
  return swapped.length > 0;
}

export async function insertConsents(executor: Executor, rows: (typeof consents.$inferInsert)[]): Promise<void> {
  if (rows.length) await executor.insert(consents).values(rows);
}

/** Everything personal that hangs off an account, gone: its sessions, passkeys, links and consents. */
export async function deletePersonalRecords(executor: Executor, userId: string): Promise<void> {
  await executor.delete(sessions).where(eq(sessions.userId, userId));
  await executor.delete(passkeys).where(eq(passkeys.userId, userId));
  await executor.delete(accountLinks).where(eq(accountLinks.userId, userId));
  await executor.delete(consents).where(eq(consents.userId, userId));
  await executor.delete(webauthnChallenges).where(eq(webauthnChallenges.userId, userId));
}

/** Accounts with a role beyond reader, by name. */
export async function listStaffAccounts(executor: Executor) {
  return executor
    .select({ id: users.id, email: users.email, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(ne(users.role, 'reader'), ne(users.state, 'erased')))
    .orderBy(asc(users.displayName));
}

export async function countAdmins(executor: Executor): Promise<number> {
  const rows = await executor
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), ne(users.state, 'erased')));
  return rows.length;
}
