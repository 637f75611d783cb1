import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Counters shared by every process: a fixed window per key (an action and who does it), and
 * for failures a growing delay before the next attempt.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull().default(0),
    windowStartedAt: timestamptz('window_started_at').notNull(),
    /** Failures in a row (sign-in); each one doubles the wait, which ends on its own. */
    failures: integer('failures').notNull().default(0),
    blockedUntil: timestamptz('blocked_until'),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStartedAt)],
);
