import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What is still to be purged from the caches in front of the site: surrogate keys, page
 * addresses (for a cache purged by address) and `*` for everything. Written after a change
 * committed and deleted only once the cache accepted the purge, so a cache that is down loses
 * nothing. `queued_at` moves forward when a key is queued again, so a change during a purge in
 * flight is purged once more.
 */
export const cdnPurges = pgTable('cdn_purges', {
  key: text('key').primaryKey(),
  queuedAt: timestamp('queued_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
