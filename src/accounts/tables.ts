import { sql } from 'drizzle-orm';
import { bigint, boolean, check, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

import type { Role } from '../web/roles.ts';

export const ACCOUNT_STATES = ['active', 'deleting', 'erased'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** One identity for readers and staff. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    /** As the person typed it, for display. */
    email: text('email').notNull(),
    /** NFKC, lower-cased: two spellings of one address are one account. */
    emailKey: text('email_key').notNull().unique(),
    displayName: text('display_name').notNull().default(''),
    role: text('role').$type<Role>().notNull().default('reader'),
    bio: text('bio').notNull().default(''),
    /** Media storage key prefix of the resized avatar, when there is one. */
    avatarKey: text('avatar_key'),
    /** argon2id PHC string; null for accounts that sign in by link or passkey only. */
    passwordHash: text('password_hash'),
    emailVerifiedAt: timestamptz('email_verified_at'),
    /** Base32 TOTP secret once a second factor is confirmed. */
    totpSecret: text('totp_secret'),
    /** Last accepted TOTP time step: a code is good once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    state: text('state').$type<AccountState>().notNull().default('active'),
    /** When a requested deletion takes effect, and whether the reader's comments go with it. */
    deleteAt: timestamptz('delete_at'),
    deleteComments: boolean('delete_comments'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('users_role_check', sql`${t.role} in ('reader', 'moderator', 'contributor', 'writer', 'editor', 'admin')`),
    check('users_state_check', sql`${t.state} in ('active', 'deleting', 'erased')`),
  ],
);

/** Signed-in browsers. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** Public handle for the session list ("sign out this one"); never the token. */
    id: uuid('id').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** False between a password and the second factor it still needs. */
    complete: boolean('complete').notNull().default(true),
    /** Signed in with a passkey or with a one-time code: what the newsroom can require of staff. */
    strong: boolean('strong').notNull().default(false),
    /**
     * Until when this session may set up the account's first second factor: it came through an
     * invitation, the first-admin set-up link or an admin's enrolment link, which a password alone
     * does not give.
     */
    enrolUntil: timestamptz('enrol_until'),
    method: text('method').notNull(),
    userAgent: text('user_agent').notNull().default(''),
    ip: text('ip').notNull().default(''),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const LINK_PURPOSES = ['register', 'sign-in', 'reset-password', 'change-email-old', 'change-email-new', 'setup', 'invite', 'enrol'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * Single-use links sent by e-mail. A registration lives here until its link is opened, so an
 * address nobody confirmed never becomes an account.
 */
export const accountLinks = pgTable(
  'account_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose').$type<LinkPurpose>().notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [index('account_links_user_idx').on(t.userId), index('account_links_expiry_idx').on(t.expiresAt)],
);

/** WebAuthn credentials. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    publicKey: bytea('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    backedUp: boolean('backed_up').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at'),
  },
  (t) => [index('passkeys_user_idx').on(t.userId)],
);

/** Challenges handed to a browser for one WebAuthn ceremony; the cookie names the row. */
export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: uuid('id').primaryKey(),
  challenge: text('challenge').notNull(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamptz('expires_at').notNull(),
});

export const CONSENT_SOURCES = ['registration', 'consents-page'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** Every consent choice as given, never updated: what was asked (wording version), the answer, when, where. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    granted: boolean('granted').notNull(),
    wordingVersion: integer('wording_version').notNull(),
    /** Where the choice was made: the registration form, or the consents page later. */
    source: text('source').$type<ConsentSource>().notNull().default('registration'),
    /** Order of the choices, even two made within one clock tick: the newest of a kind is the one in force. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('consents_user_idx').on(t.userId),
    index('consents_user_kind_idx').on(t.userId, t.kind, t.seq),
    check('consents_source_check', sql`${t.source} in ('registration', 'consents-page')`),
  ],
);
