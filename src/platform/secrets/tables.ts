import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Random keys the site makes for itself at first need (HMAC keys), shared by every process. */
export const siteSecrets = pgTable('site_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
