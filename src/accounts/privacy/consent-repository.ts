import crypto from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { consents, type ConsentSource } from '../tables.ts';

export interface ConsentRecord {
  kind: string;
  granted: boolean;
  wordingVersion: number;
  source: ConsentSource;
  createdAt: Date;
}

/** Every choice the reader made, oldest first: the last of each kind is the one in force. */
export async function consentHistory(executor: Executor, userId: string): Promise<ConsentRecord[]> {
  return executor
    .select({ kind: consents.kind, granted: consents.granted, wordingVersion: consents.wordingVersion, source: consents.source, createdAt: consents.createdAt })
    .from(consents)
    .where(eq(consents.userId, userId))
    .orderBy(asc(consents.seq));
}

/** Holds the account's row until the transaction ends, so two changes at once are taken one after the other. */
export async function lockAccount(executor: Executor, userId: string): Promise<void> {
  await executor.execute(sql`select id from users where id = ${userId} for update`);
}

export async function recordConsent(executor: Executor, userId: string, choice: Omit<ConsentRecord, 'createdAt'>, at: Date): Promise<void> {
  await executor.insert(consents).values({ id: crypto.randomUUID(), userId, ...choice, createdAt: at });
}
