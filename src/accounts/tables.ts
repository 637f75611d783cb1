import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ROLES = ['reader', 'moderator', 'contributor', 'writer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  /** As the person typed it, for display. */
  email: text('email').notNull(),
  /** NFKC, lower-cased: two spellings of one address are one account. */
  emailKey: text('email_key').notNull().unique(),
  displayName: text('display_name').notNull().default(''),
  role: text('role').$type<Role>().notNull().default('reader'),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
}, (t) => [check('users_role_check', sql`${t.role} in ('reader', 'moderator', 'contributor', 'writer', 'editor', 'admin')`)]);
