import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables.ts';
import { articles, topics } from '../content/tables.ts';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** What a subscriber chose to receive. Ids are sections', topics' and authors' ids; editions are codes. */
export interface AlertChoices {
  breaking: string[];
  sections: string[];
  topics: string[];
  authors: string[];
  replies: boolean;
}

/**
 * A browser's push subscription (Push API), signed in or not. The endpoint is the push
 * service's URL for that browser; p256dh and auth are the keys each message is encrypted to
 * (RFC 8291). A subscription the push service calls gone (404, 410) is deleted.
 */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey(),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    choices: jsonb('choices').$type<AlertChoices>().notNull(),
    /** The reader's time zone (IANA name), for quiet hours. */
    timeZone: text('time_zone').notNull().default('UTC'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('push_subscriptions_user_idx').on(t.userId)],
);

export const ALERT_STATUSES = ['scheduled', 'sending', 'sent', 'cancelled'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Who an alert goes to: breaking news of an edition, or the followers of a section, topic, author or live blog (its article's id). */
export type Audience = { kind: 'breaking'; edition: string } | { kind: 'section' | 'topic' | 'author' | 'live-blog'; id: string };

/** An alert the newsroom sends (or has scheduled), with the report of what became of it. */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    articleId: uuid('article_id').references(() => articles.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    imageUrl: text('image_url'),
    url: text('url').notNull(),
    audience: jsonb('audience').$type<Audience>().notNull(),
    /** Breaking news passes quiet hours and the daily cap. */
    breaking: boolean('breaking').notNull().default(false),
    /** Sent by the site itself when an article was first published in a topic that asks for it. */
    automatic: boolean('automatic').notNull().default(false),
    urgency: text('urgency').notNull().default('normal'),
    ttlSeconds: integer('ttl_seconds').notNull(),
    /** The push `Topic`: a newer alert with the same topic replaces one not yet delivered. */
    topic: text('topic'),
    status: text('status').$type<AlertStatus>().notNull(),
    sendAt: timestamptz('send_at').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
    /**
     * The live blog entry this alert announces as a key event: one alert per key event, ever
     * (unique), however often the entry is edited or its job runs again. No foreign key: the
     * entries' table is inside content (content/live), and an entry is never reused, so an id
     * left behind by a deleted article names nothing and blocks nothing.
     */
    liveEntryId: uuid('live_entry_id').unique(),
  },
  (t) => [
    check('alerts_status_check', sql`${t.status} in ('scheduled', 'sending', 'sent', 'cancelled')`),
    check('alerts_urgency_check', sql`${t.urgency} in ('very-low', 'low', 'normal', 'high')`),
    index('alerts_created_idx').on(t.createdAt.desc()),
  ],
);

export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'expired', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One alert to one subscription. Fan-out writes these first (idempotently), then sends the
 * pending ones in batches: a restart picks up exactly the ones not yet sent.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    /** No foreign key: a subscription gone (410) keeps its delivery in the report. */
    subscriptionId: uuid('subscription_id').notNull(),
    /** A per-alert sequence, so batches are ranges. */
    seq: integer('seq').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentAt: timestamptz('sent_at'),
    clickedAt: timestamptz('clicked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.alertId, t.subscriptionId] }),
    index('alert_deliveries_batch_idx').on(t.alertId, t.seq),
    // The daily cap counts what each subscription received lately.
    index('alert_deliveries_subscription_idx').on(t.subscriptionId, t.sentAt),
    check('alert_deliveries_status_check', sql`${t.status} in ('pending', 'sent', 'failed', 'expired', 'skipped')`),
  ],
);

/** Topics whose articles go to the topic's followers as an alert when first published. */
export const alertTopics = pgTable('alert_topics', {
  topicId: uuid('topic_id')
    .primaryKey()
    .references(() => topics.id, { onDelete: 'cascade' }),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

/**
 * A browser following a live blog: its key events come as alerts while the blog is open. A
 * follow is forgotten when the blog closes, and goes with its subscription (or article).
 */
export const liveBlogFollows = pgTable(
  'live_blog_follows',
  {
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => pushSubscriptions.id, { onDelete: 'cascade' }),
    articleId: uuid('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.articleId] }), index('live_blog_follows_article_idx').on(t.articleId)],
);
