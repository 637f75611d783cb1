import { customType, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Every release's built assets (styles, scripts, logo), kept a while after that release stops
 * serving: during a rolling upgrade a page rendered by one release asks for its assets from a
 * machine of the other, which did not build them. Each process adds its own at start.
 */
export const keptAssets = pgTable('kept_assets', {
  name: text('name').primaryKey(),
  type: text('type').notNull(),
  etag: text('etag').notNull(),
  body: bytea('body').notNull(),
  /** The last start of a process that built it: assets no process has built for 30 days are dropped. */
  lastBuiltAt: timestamptz('last_built_at').notNull().defaultNow(),
});
