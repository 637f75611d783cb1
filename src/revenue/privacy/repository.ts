import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import type { RecurringRow } from '../contributions/repository.ts';

const GIVING = sql`amount_minor as "amountMinor", currency, frequency, email, country, test_id as "askTestId", variant_id as "askVariantId"`;

/** Every record of the reader's giving: checkouts begun, recurring contributions, payments with their refunds. */
export async function revenueDataOf(executor: Executor, userId: string) {
  const [checkouts, recurring, payments] = await Promise.all([
    rows(executor, sql`select id, provider, ${GIVING}, status, created_at as "createdAt", completed_at as "completedAt" from checkouts where user_id = ${userId} order by created_at`),
    rows(executor, sql`select id, provider, ${GIVING}, status, customer_ref as "customerRef", created_at as "createdAt", cancelled_at as "cancelledAt" from recurring_contributions where user_id = ${userId} order by created_at`),
    rows<{ id: string; status: string; email: string; refundedMinor: number; refundedAt: unknown; paidAt: unknown; currency: string }>(
      executor,
      sql`select id, provider, ${GIVING}, status, recurring_id as "recurringId", refunded_minor as "refundedMinor", created_at as "createdAt", paid_at as "paidAt", refunded_at as "refundedAt"
            from payments where user_id = ${userId} order by created_at`,
    ),
  ]);
  return { checkouts, recurring, payments };
}

/** The reader's recurring contributions still taking money. */
export async function runningRecurringOf(executor: Executor, userId: string): Promise<{ id: string }[]> {
  return rows(executor, sql`select id from recurring_contributions where user_id = ${userId} and status in ('active', 'past_due')`);
}

export async function findRecurringById(executor: Executor, id: string): Promise<Pick<RecurringRow, 'id' | 'provider' | 'providerRef' | 'status'> | null> {
  const [row] = await rows<Pick<RecurringRow, 'id' | 'provider' | 'providerRef' | 'status'>>(executor, sql`select id, provider, provider_ref as "providerRef", status from recurring_contributions where id = ${id}`);
  return row ?? null;
}

/**
 * What is kept for the accounts (amounts, currencies, dates, countries, what the provider calls
 * each payment) loses who gave it: the address goes and the link to the account with it.
 */
export async function anonymiseGiving(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`update payments set email = '', user_id = null where user_id = ${userId}`);
  // The provider's customer served only to manage the contribution; stopping it needs the subscription alone.
  await tx.execute(sql`update recurring_contributions set email = '', customer_ref = null, user_id = null where user_id = ${userId}`);
  await tx.execute(sql`update checkouts set email = '', user_id = null where user_id = ${userId}`);
}
