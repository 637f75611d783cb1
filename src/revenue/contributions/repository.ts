import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { toDate } from '../../platform/db/values.ts';
import { checkouts, payments, recurringContributions } from '../tables.ts';
import type { Provider } from './events.ts';

export type CheckoutRow = typeof checkouts.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type RecurringRow = typeof recurringContributions.$inferSelect;
/** The giving fields every row carries. */
export type Giving = Pick<CheckoutRow, 'userId' | 'email' | 'amountMinor' | 'currency' | 'frequency' | 'country' | 'testId' | 'variantId'>;

/** Pure: only the giving fields of a row that has more. */
export const givingOf = (row: Giving): Giving => ({
  userId: row.userId,
  email: row.email,
  amountMinor: row.amountMinor,
  currency: row.currency,
  frequency: row.frequency,
  country: row.country,
  testId: row.testId,
  variantId: row.variantId,
});

export async function insertCheckout(executor: Executor, provider: Provider, giving: Giving, at: Date): Promise<CheckoutRow> {
  const [row] = await executor
    .insert(checkouts)
    .values({ ...giving, id: crypto.randomUUID(), provider, createdAt: at })
    .returning();
  return row!;
}

export async function setCheckoutRef(executor: Executor, id: string, providerRef: string): Promise<void> {
  await executor
    .update(checkouts)
    .set({ providerRef })
    .where(sql`${checkouts.id} = ${id}`);
}

export async function findCheckout(executor: Executor, by: { id: string } | { provider: Provider; ref: string }): Promise<CheckoutRow | null> {
  const where = 'id' in by ? sql`${checkouts.id} = ${by.id}` : sql`${checkouts.provider} = ${by.provider} and ${checkouts.providerRef} = ${by.ref}`;
  const [row] = await executor.select().from(checkouts).where(where);
  return row ?? null;
}

export async function completeCheckout(executor: Executor, id: string, ref: string, at: Date): Promise<void> {
  await executor.execute(
    sql`update checkouts set status = 'completed', completed_at = coalesce(completed_at, ${at.toISOString()}::timestamptz), provider_ref = coalesce(provider_ref, ${ref}) where id = ${id}`,
  );
}

/** The status of a one-off checkout's payment, or null before the provider has told us of it. */
export async function paymentStatusOfCheckout(executor: Executor, checkoutId: string): Promise<PaymentRow['status'] | null> {
  const [row] = await rows<{ status: PaymentRow['status'] }>(executor, sql`select status from payments where checkout_id = ${checkoutId} limit 1`);
  return row?.status ?? null;
}

/** Claims a provider event; false: it was seen before. */
export async function claimEvent(executor: Executor, provider: Provider, eventId: string, type: string, at: Date): Promise<boolean> {
  const claimed = await rows(
    executor,
    sql`insert into payment_events (provider, event_id, type, outcome, received_at) values (${provider}, ${eventId}, ${type}, 'received', ${at.toISOString()}::timestamptz) on conflict do nothing returning event_id`,
  );
  return claimed.length > 0;
}

export async function setEventOutcome(executor: Executor, provider: Provider, eventId: string, outcome: string): Promise<void> {
  await executor.execute(sql`update payment_events set outcome = ${outcome} where provider = ${provider} and event_id = ${eventId}`);
}

/**
 * Records a payment, or moves one on: pending may become paid or failed, paid stays paid (an
 * older event arriving late changes nothing). Says whether it has just become paid.
 */
export async function savePayment(
  executor: Executor,
  row: Giving & {
    provider: Provider;
    providerRef: string;
    paymentRef: string | null;
    checkoutId: string | null;
    recurringId: string | null;
    status: PaymentRow['status'];
    at: Date;
  },
): Promise<{ id: string; becamePaid: boolean }> {
  const existing = await rows<{ id: string; status: string }>(
    executor,
    sql`select id, status from payments where provider = ${row.provider} and provider_ref = ${row.providerRef} for update`,
  );
  if (existing[0]) {
    const from = existing[0].status;
    if (row.paymentRef) await executor.execute(sql`update payments set payment_ref = coalesce(payment_ref, ${row.paymentRef}) where id = ${existing[0].id}`);
    if (from === 'paid' || from === row.status) return { id: existing[0].id, becamePaid: false };
    await executor.execute(
      sql`update payments set status = ${row.status}, paid_at = ${row.status === 'paid' ? row.at.toISOString() : null}::timestamptz where id = ${existing[0].id}`,
    );
    return { id: existing[0].id, becamePaid: row.status === 'paid' };
  }
  const { at, ...values } = row;
  const [made] = await executor
    .insert(payments)
    .values({ ...values, id: crypto.randomUUID(), createdAt: at, paidAt: row.status === 'paid' ? at : null })
    .returning({ id: payments.id });
  return { id: made!.id, becamePaid: row.status === 'paid' };
}

/** Keeps the provider's total refunded for a money movement; a smaller total heard later changes nothing. */
export async function recordRefund(
  executor: Executor,
  provider: Provider,
  refund: { paymentRef: string; invoiceRef: string | null; refundedMinor: number; at: Date },
): Promise<void> {
  await executor.execute(sql`
    insert into payment_refunds (provider, payment_ref, invoice_ref, refunded_minor, at)
    values (${provider}, ${refund.paymentRef}, ${refund.invoiceRef}, ${refund.refundedMinor}, ${refund.at.toISOString()}::timestamptz)
    on conflict (provider, payment_ref) do update set
      refunded_minor = greatest(payment_refunds.refunded_minor, excluded.refunded_minor),
      invoice_ref = coalesce(payment_refunds.invoice_ref, excluded.invoice_ref)`);
}

/**
 * Carries recorded refunds onto the payments they belong to (by the money movement, or by the
 * invoice a recurring charge paid), never beyond what was paid nor below what was already
 * refunded; `where` picks the payments or refunds to look at. Returns how many payments it found.
 */
async function carryRefunds(executor: Executor, provider: Provider, where: ReturnType<typeof sql>): Promise<number> {
  const found = await rows(
    executor,
    sql`
    update payments p set refunded_minor = greatest(p.refunded_minor, least(p.amount_minor, r.refunded_minor)), refunded_at = coalesce(p.refunded_at, r.at)
    from payment_refunds r
    where p.provider = ${provider} and r.provider = p.provider and (r.payment_ref = p.payment_ref or r.invoice_ref = p.provider_ref) and ${where}
    returning p.id`,
  );
  return found.length;
}

export const carryRefundTo = (executor: Executor, provider: Provider, paymentId: string) => carryRefunds(executor, provider, sql`p.id = ${paymentId}`);
export const carryRefundFrom = (executor: Executor, provider: Provider, paymentRef: string) =>
  carryRefunds(executor, provider, sql`r.payment_ref = ${paymentRef}`);

/** Whether a payment of ours is the money movement `paymentRef`. */
export async function hasPaymentRef(executor: Executor, provider: Provider, paymentRef: string): Promise<boolean> {
  return (await rows(executor, sql`select 1 from payments where provider = ${provider} and payment_ref = ${paymentRef} limit 1`)).length > 0;
}

export async function findRecurring(executor: Executor, provider: Provider, providerRef: string): Promise<RecurringRow | null> {
  const [row] = await executor
    .select()
    .from(recurringContributions)
    .where(sql`${recurringContributions.provider} = ${provider} and ${recurringContributions.providerRef} = ${providerRef}`);
  return row ?? null;
}

export async function insertRecurring(
  executor: Executor,
  row: Giving & { provider: Provider; providerRef: string; customerRef: string | null; at: Date },
): Promise<RecurringRow> {
  const { at, ...values } = row;
  // Made from whichever event came first; a later one fills in the customer if the first lacked it.
  await executor
    .insert(recurringContributions)
    .values({ ...values, id: crypto.randomUUID(), createdAt: at })
    .onConflictDoUpdate({
      target: [recurringContributions.provider, recurringContributions.providerRef],
      set: { customerRef: sql`coalesce(${recurringContributions.customerRef}, excluded.customer_ref)` },
    });
  return (await findRecurring(executor, row.provider, row.providerRef))!;
}

export async function findRecurringById(executor: Executor, id: string): Promise<RecurringRow | null> {
  const [row] = await executor
    .select()
    .from(recurringContributions)
    .where(sql`${recurringContributions.id} = ${id}`);
  return row ?? null;
}

/** A new amount or frequency for the charges still to come; a stopped contribution stays as it ended. */
export async function changeRecurring(executor: Executor, id: string, change: { amountMinor: number; frequency: 'monthly' | 'annual' }): Promise<void> {
  await executor.execute(
    sql`update recurring_contributions set amount_minor = ${change.amountMinor}, frequency = ${change.frequency} where id = ${id} and status <> 'cancelled'`,
  );
}

export async function setRecurringStatus(executor: Executor, id: string, status: RecurringRow['status'], at: Date): Promise<void> {
  await executor.execute(
    sql`update recurring_contributions set status = ${status}, cancelled_at = ${status === 'cancelled' ? at.toISOString() : null}::timestamptz where id = ${id} and status <> 'cancelled'`,
  );
}

/** A supporter: paid within the last year, or giving every month or year now. */
export async function isSupporter(executor: Executor, userId: string, at: Date): Promise<boolean> {
  const found = await rows(
    executor,
    sql`select 1 from payments where user_id = ${userId} and status = 'paid' and refunded_minor < amount_minor and paid_at > ${at.toISOString()}::timestamptz - interval '365 days'
        union all select 1 from recurring_contributions where user_id = ${userId} and status in ('active', 'past_due') limit 1`,
  );
  return found.length > 0;
}

export async function paymentsOf(executor: Executor, userId: string): Promise<PaymentRow[]> {
  return executor
    .select()
    .from(payments)
    .where(sql`${payments.userId} = ${userId}`)
    .orderBy(sql`${payments.createdAt} desc`)
    .limit(100);
}

export async function recurringOf(executor: Executor, userId: string): Promise<RecurringRow[]> {
  return executor
    .select()
    .from(recurringContributions)
    .where(sql`${recurringContributions.userId} = ${userId}`)
    .orderBy(sql`${recurringContributions.createdAt} desc`);
}

/** The sandbox's recurring contributions still running, with how many charges each has had. */
export async function runningSandboxRecurring(executor: Executor): Promise<(RecurringRow & { charges: number })[]> {
  const found = await rows<RecurringRow & { charges: number; createdAt: unknown }>(
    executor,
    sql`select r.id, r.provider_ref as "providerRef", r.frequency, r.created_at as "createdAt", r.amount_minor as "amountMinor", r.currency, r.email, r.country,
               (select count(*)::int from payments p where p.recurring_id = r.id) as charges
        from recurring_contributions r where r.provider = 'sandbox' and r.status in ('active', 'past_due')`,
  );
  return found.map((r) => ({ ...r, createdAt: toDate(r.createdAt) }));
}
