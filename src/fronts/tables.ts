import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables.ts';
import { editions, sections } from '../content/tables.ts';
import type { FrontLayout } from './model.ts';
import type { NavItem } from './navigation-model.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A front: an edition's (`edition` set) or a section's (`section_id` set). Its draft is what
 * the fronts tool edits, saved with a version so a stale save is refused; `published` is what
 * readers see (null until first published, when the site shows the automatic default).
 */
export const fronts = pgTable(
  'fronts',
  {
    id: uuid('id').primaryKey(),
    edition: text('edition').references(() => editions.code, { onDelete: 'cascade' }),
    sectionId: uuid('section_id').references(() => sections.id, { onDelete: 'cascade' }),
    draft: jsonb('draft').$type<FrontLayout>().notNull(),
    draftVersion: integer('draft_version').notNull().default(1),
    draftSavedAt: timestamptz('draft_saved_at').notNull().defaultNow(),
    /** The staff member who saved the draft last, by name, for "changed by" in the tool. */
    draftActor: text('draft_actor').notNull().default(''),
    published: jsonb('published').$type<FrontLayout>(),
    /** The history number of the published version. */
    publishedNumber: integer('published_number'),
    publishedAt: timestamptz('published_at'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('fronts_scope_check', sql`(${t.edition} is null) <> (${t.sectionId} is null)`),
    uniqueIndex('fronts_edition_idx').on(t.edition),
    uniqueIndex('fronts_section_idx').on(t.sectionId),
  ],
);

/** Every published version of a front, numbered from 1: the history editors restore from. */
export const frontVersions = pgTable(
  'front_versions',
  {
    frontId: uuid('front_id')
      .notNull()
      .references(() => fronts.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    layout: jsonb('layout').$type<FrontLayout>().notNull(),
    /** How it came to be published: 'published', 'scheduled', 'restored from N'. */
    note: text('note').notNull().default('published'),
    actor: text('actor').notNull(),
    publishedAt: timestamptz('published_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.frontId, t.number] })],
);

/** A layout to publish at a set time, through the job queue. */
export const frontSchedules = pgTable(
  'front_schedules',
  {
    id: uuid('id').primaryKey(),
    frontId: uuid('front_id')
      .notNull()
      .references(() => fronts.id, { onDelete: 'cascade' }),
    layout: jsonb('layout').$type<FrontLayout>().notNull(),
    runAt: timestamptz('run_at').notNull(),
    state: text('state').$type<'pending' | 'published' | 'cancelled'>().notNull().default('pending'),
    actor: text('actor').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('front_schedules_state_check', sql`${t.state} in ('pending', 'published', 'cancelled')`),
    index('front_schedules_front_idx').on(t.frontId, t.runAt),
  ],
);

/** An edition's header and footer menus, each saved whole with a version. */
export const navigationMenus = pgTable(
  'navigation_menus',
  {
    edition: text('edition')
      .notNull()
      .references(() => editions.code, { onDelete: 'cascade' }),
    menu: text('menu').$type<'header' | 'footer'>().notNull(),
    items: jsonb('items')
      .$type<NavItem[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(1),
    actor: text('actor').notNull().default(''),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.edition, t.menu] }), check('navigation_menus_menu_check', sql`${t.menu} in ('header', 'footer')`)],
);

/**
 * Who has a front open in the fronts tool: each open tool renews its row every few seconds, so
 * a row older than PRESENCE_TTL_MS (30 seconds, repository/presence.ts) means the editor has gone. In the database, not in memory, so every
 * process sees the same newsroom.
 */
export const frontPresence = pgTable(
  'front_presence',
  {
    frontId: uuid('front_id')
      .notNull()
      .references(() => fronts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    seenAt: timestamptz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.frontId, t.userId] }), index('front_presence_seen_idx').on(t.seenAt)],
);
