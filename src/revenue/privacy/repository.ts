import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

const GIVING = sql`amount_minor as "amountMinor", currency, frequency, email, country, test_id as "askTestId", variant_id as "askVariantId"`;

/**
 * Which rows of giving are the reader's: those made signed in (by the account), and those made
 * signed out under the account's address, compared regardless of case, as accounts compare
 * addresses (against the address as typed and its normal form). The address counts only once
 * the account has proved it receives mail there: anyone may type an address at sign-up, and
 * must not thereby download a stranger's giving, nor stop it by deleting the account. Giving by
 * another account stays that account's, whatever address its receipts go to. Read both for the
 * download and for the erasure, so what the reader was shown is what is erased. No index serves
 * the comparison; a download or an erasure is rare enough to read the tables through.
 */
const givenBy = (userId: string) => sql`(user_id = ${userId} or (user_id is null and email <> '' and lower(email) in (
  select lower(u.email) from users u where u.id = ${userId} and u.email_verified_at is not null
  union select u.email_key from users u where u.id = ${userId} and u.email_verified_at is not null)))`;

/** Every record of the reader's giving: checkouts begun, recurring contributions, payments with their refunds. */
export async function revenueDataOf(executor: Executor, userId: string) {
  const [checkouts, recurring, payments] = await Promise.all([
    rows(
      executor,
      sql`select id, provider, ${GIVING}, status, created_at as "createdAt", completed_at as "completedAt" from checkouts where ${givenBy(userId)} order by created_at`,
    ),
    rows(
      executor,
      sql`select id, provider, ${GIVING}, status, customer_ref as "customerRef", created_at as "createdAt", cancelled_at as "cancelledAt" from recurring_contributions where ${givenBy(userId)} order by created_at`,
    ),
    rows<{ id: string; status: string; email: string; refundedMinor: number; refundedAt: unknown; paidAt: unknown; currency: string }>(
      executor,
      sql`select id, provider, ${GIVING}, status, recurring_id as "recurringId", refunded_minor as "refundedMinor", created_at as "createdAt", paid_at as "paidAt", refunded_at as "refundedAt"
            from payments where ${givenBy(userId)} order by created_at`,
    ),
  ]);
  return { checkouts, recurring, payments };
}

/**
 * The reader's recurring contributions the provider must still hear about: those still taking
 * money, and those whose customer (holding the address and name) the provider still keeps.
 */
export async function recurringToErase(executor: Executor, userId: string): Promise<{ id: string }[]> {
  return rows(
    executor,
    sql`select id from recurring_contributions where ${givenBy(userId)} and (status in ('active', 'past_due') or customer_ref is not null)`,
  );
}

/**
 * What is kept for the accounts (amounts, currencies, dates, countries, what the provider calls
 * each payment) loses who gave it: the address goes and the link to the account with it. The
 * reference to the provider's customer stays until the erasure's job has deleted that customer
 * (see cancel.ts): without it, the customer could never be found again.
 */
export async function anonymiseGiving(tx: Executor, userId: string): Promise<void> {
  for (const table of ['payments', 'recurring_contributions', 'checkouts']) {
    await tx.execute(sql`update ${sql.identifier(table)} set email = '', user_id = null where ${givenBy(userId)}`);
  }
}

/** The provider has deleted the contribution's customer: nothing is left to reach it by. */
export async function forgetCustomer(executor: Executor, recurringId: string): Promise<void> {
  await executor.execute(sql`update recurring_contributions set customer_ref = null where id = ${recurringId}`);
}
