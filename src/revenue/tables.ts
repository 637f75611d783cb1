import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables.ts';
import type { AskSlot, Caps, Targeting, Variant } from './asks/types.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A support ask test: where it shows, whom it targets, how often, and its variants (copy and
 * amounts). Targeting, caps and variants are documents the newsroom edits as a whole.
 */
export const askTests = pgTable(
  'ask_tests',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    slot: text('slot').$type<AskSlot>().notNull(),
    status: text('status').$type<'draft' | 'live' | 'stopped'>().notNull().default('draft'),
    startsAt: timestamptz('starts_at'),
    endsAt: timestamptz('ends_at'),
    priority: integer('priority').notNull().default(0),
    targeting: jsonb('targeting').$type<Targeting>().notNull(),
    caps: jsonb('caps').$type<Caps>().notNull(),
    variants: jsonb('variants').$type<Variant[]>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('ask_tests_slot_check', sql`${t.slot} in ('epic', 'banner', 'thank-you')`),
    check('ask_tests_status_check', sql`${t.status} in ('draft', 'live', 'stopped')`),
  ],
);

/**
 * What readers did with each variant, counted per day and country: views, clicks and closes
 * arrive by the thousand, so they are counters, not rows per event.
 */
export const askStats = pgTable(
  'ask_stats',
  {
    testId: uuid('test_id')
      .notNull()
      .references(() => askTests.id, { onDelete: 'cascade' }),
    variantId: text('variant_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** ISO code, or '' when unknown. */
    country: text('country').notNull().default(''),
    views: integer('views').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    closes: integer('closes').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.testId, t.variantId, t.day, t.country] }), index('ask_stats_day_idx').on(t.day)],
);

/** Who gave, how much and how often: one row per checkout a reader started. */
const giving = {
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  email: text('email').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  currency: text('currency').notNull(),
  frequency: text('frequency').$type<'one-off' | 'monthly' | 'annual'>().notNull(),
  /** ISO code, or '' when unknown. */
  country: text('country').notNull().default(''),
  /** The ask that led here, for the reports per test and variant. */
  testId: uuid('test_id').references(() => askTests.id, { onDelete: 'set null' }),
  variantId: text('variant_id'),
};

/** A checkout a reader started: our record of it before the payment provider has answered. */
export const checkouts = pgTable(
  'checkouts',
  {
    id: uuid('id').primaryKey(),
    provider: text('provider').$type<'stripe' | 'sandbox'>().notNull(),
    /** The provider's id of the checkout (a Stripe Checkout Session id); set once it exists. */
    providerRef: text('provider_ref'),
    ...giving,
    status: text('status').$type<'open' | 'completed' | 'expired'>().notNull().default('open'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    uniqueIndex('checkouts_provider_ref_idx').on(t.provider, t.providerRef),
    check('checkouts_status_check', sql`${t.status} in ('open', 'completed', 'expired')`),
  ],
);

/** A recurring contribution (a Stripe subscription), while it lasts. */
export const recurringContributions = pgTable(
  'recurring_contributions',
  {
    id: uuid('id').primaryKey(),
    provider: text('provider').$type<'stripe' | 'sandbox'>().notNull(),
    providerRef: text('provider_ref').notNull(),
    customerRef: text('customer_ref'),
    ...giving,
    status: text('status').$type<'active' | 'past_due' | 'cancelled'>().notNull().default('active'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    cancelledAt: timestamptz('cancelled_at'),
  },
  (t) => [
    uniqueIndex('recurring_provider_ref_idx').on(t.provider, t.providerRef),
    index('recurring_user_idx').on(t.userId),
    check('recurring_status_check', sql`${t.status} in ('active', 'past_due', 'cancelled')`),
    check('recurring_frequency_check', sql`${t.frequency} in ('monthly', 'annual')`),
  ],
);

/**
 * Money received (or on its way): a one-off gift, or one charge of a recurring one. The
 * provider's id of the payment (a checkout session for one-off, an invoice for recurring) is
 * unique, so an event delivered twice never counts twice.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    provider: text('provider').$type<'stripe' | 'sandbox'>().notNull(),
    providerRef: text('provider_ref').notNull(),
    checkoutId: uuid('checkout_id').references(() => checkouts.id, { onDelete: 'set null' }),
    recurringId: uuid('recurring_id').references(() => recurringContributions.id, { onDelete: 'set null' }),
    ...giving,
    status: text('status').$type<'pending' | 'paid' | 'failed'>().notNull(),
    /** The provider's id of the money movement itself (a Stripe PaymentIntent), which refunds name. */
    paymentRef: text('payment_ref'),
    /** How much of it went back to the reader, in all (refunds may come in parts). */
    refundedMinor: integer('refunded_minor').notNull().default(0),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    paidAt: timestamptz('paid_at'),
    refundedAt: timestamptz('refunded_at'),
  },
  (t) => [
    uniqueIndex('payments_provider_ref_idx').on(t.provider, t.providerRef),
    index('payments_payment_ref_idx').on(t.provider, t.paymentRef),
    check('payments_refund_check', sql`${t.refundedMinor} between 0 and ${t.amountMinor}`),
    index('payments_user_idx').on(t.userId),
    index('payments_paid_idx').on(t.paidAt),
    check('payments_status_check', sql`${t.status} in ('pending', 'paid', 'failed')`),
  ],
);

/**
 * What the provider says was refunded, per money movement: the total so far, kept whatever
 * the order of events, so a refund heard of before its payment still reaches it once recorded.
 */
export const paymentRefunds = pgTable(
  'payment_refunds',
  {
    provider: text('provider').$type<'stripe' | 'sandbox'>().notNull(),
    paymentRef: text('payment_ref').notNull(),
    /** The invoice the money paid, for a charge of a recurring contribution. */
    invoiceRef: text('invoice_ref'),
    refundedMinor: integer('refunded_minor').notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.paymentRef] }), index('payment_refunds_invoice_idx').on(t.provider, t.invoiceRef)],
);

/** Every provider event once: a replay finds its id here and changes nothing. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    outcome: text('outcome').notNull(),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);
