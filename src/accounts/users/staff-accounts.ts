import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import type { Role } from '../../web/roles.ts';
import { countAdmins, findUserByEmailKey, findUserById, insertUser, insertUserOrFind, listStaffAccounts, updateUser } from './repository.ts';
import { emailKey } from './service.ts';

/**
 * What the newsroom may do to accounts: find them, give a role, and create the accounts of the
 * staff it invites and of the first admin. The rows stay the accounts domain's: these are the
 * only writes to them from outside it, each taking the caller's transaction so the newsroom's
 * audit entry commits with the change.
 */

export { countAdmins, findUserById as findAccount, listStaffAccounts };

export const findAccountByEmail = (executor: Executor, email: string) => findUserByEmailKey(executor, emailKey(email));

/** Gives the account a role; `confirmEmail` also records its address as confirmed (an accepted invitation proves it). */
export async function grantRole(executor: Executor, userId: string, role: Role, now: Date, confirmedAt?: Date): Promise<void> {
  await updateUser(executor, userId, confirmedAt ? { role, emailVerifiedAt: confirmedAt } : { role }, now);
}

export interface NewStaffAccount {
  email: string;
  displayName: string;
  role: Role;
  /** Null when the account will sign in another way (an existing account keeps its own). */
  passwordHash: string | null;
  /** Whether the address is known to be theirs (an invitation e-mailed to it was accepted). */
  confirmed: boolean;
}

const newRow = (input: NewStaffAccount, now: Date) => ({
  id: crypto.randomUUID(),
  email: input.email,
  emailKey: emailKey(input.email),
  displayName: input.displayName,
  role: input.role,
  passwordHash: input.passwordHash,
  emailVerifiedAt: input.confirmed ? now : null,
  createdAt: now,
  updatedAt: now,
});

/** A new member of staff's account. */
export const createStaffAccount = (executor: Executor, input: NewStaffAccount, now: Date) => insertUser(executor, newRow(input, now));

/** The account, unless one with the address exists already (then that one, and `created: false`). */
export const createStaffAccountUnlessTaken = (executor: Executor, input: NewStaffAccount, now: Date) => insertUserOrFind(executor, newRow(input, now));
