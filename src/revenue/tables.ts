import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AskSlot, Caps, Targeting, Variant } from './asks/types.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A support ask test: where it shows, whom it targets, how often, and its variants (copy and
 * amounts). Targeting, caps and variants are documents the newsroom edits as a whole.
 */
export const askTests = pgTable('ask_tests', {
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
}, (t) => [
  check('ask_tests_slot_check', sql`${t.slot} in ('epic', 'banner', 'thank-you')`),
  check('ask_tests_status_check', sql`${t.status} in ('draft', 'live', 'stopped')`),
]);

/**
 * What readers did with each variant, counted per day and country: views, clicks and closes
 * arrive by the thousand, so they are counters, not rows per event.
 */
export const askStats = pgTable('ask_stats', {
  testId: uuid('test_id').notNull().references(() => askTests.id, { onDelete: 'cascade' }),
  variantId: text('variant_id').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  /** ISO code, or '' when unknown. */
  country: text('country').notNull().default(''),
  views: integer('views').notNull().default(0),
  clicks: integer('clicks').notNull().default(0),
  closes: integer('closes').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.testId, t.variantId, t.day, t.country] }), index('ask_stats_day_idx').on(t.day)]);
