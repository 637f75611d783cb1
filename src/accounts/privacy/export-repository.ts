import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { accountLinks, passkeys } from '../tables.ts';

/** A reader's passkeys with their public parts (a public key proves nothing without its private half). */
export async function passkeysOf(executor: Executor, userId: string) {
  return executor
    .select({
      id: passkeys.id,
      name: passkeys.name,
      publicKey: passkeys.publicKey,
      transports: passkeys.transports,
      backedUp: passkeys.backedUp,
      counter: passkeys.counter,
      createdAt: passkeys.createdAt,
      lastUsedAt: passkeys.lastUsedAt,
    })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(asc(passkeys.createdAt));
}

/** E-mailed links of the account still waiting to be used, without their tokens. */
export async function openLinksOf(executor: Executor, userId: string) {
  return executor
    .select({
      purpose: accountLinks.purpose,
      email: accountLinks.email,
      data: accountLinks.data,
      createdAt: accountLinks.createdAt,
      expiresAt: accountLinks.expiresAt,
    })
    .from(accountLinks)
    .where(and(eq(accountLinks.userId, userId), isNull(accountLinks.usedAt)))
    .orderBy(asc(accountLinks.createdAt));
}
