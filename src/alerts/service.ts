import crypto from 'node:crypto';
import { findArticle, type Urls } from '../content/index.ts';
import type { Database } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { enqueue, cancelJob } from '../platform/jobs/queue.ts';
import { graphemeCount } from '../platform/text.ts';
import { ALERT_FANOUT_JOB } from './fanout.ts';
import { MAX_PAYLOAD_BYTES, payloadOf } from './payload.ts';
import * as repo from './repository.ts';
import { knownChoices } from './subscriptions/repository.ts';
import type { Audience } from './tables.ts';
import { UUID } from '../platform/ids.ts';

/** Who an alert goes to, as the newsroom names it: checked against what exists by readAudience. */
export interface AudienceInput {
  kind?: string | undefined;
  edition?: string | undefined;
  id?: string | undefined;
}

/** An alert as the newsroom asks for it; every field is checked here, whatever the caller checked. */
export interface AlertInput {
  articleId?: string | undefined;
  /** The headline when absent. */
  title?: string | undefined;
  /** The standfirst when absent. */
  body?: string | undefined;
  imageUrl?: string | null | undefined;
  audience?: AudienceInput | undefined;
  breaking?: boolean | undefined;
  urgency?: string | undefined;
  ttlMinutes?: number | undefined;
  /** A date and time; now when absent. */
  sendAt?: string | null | undefined;
}

const URGENCIES = ['very-low', 'low', 'normal', 'high'] as const;
const MAX_AHEAD_MS = 30 * 86_400_000;

function text(raw: string | undefined, field: string, label: string, max: number, required: boolean): string {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (raw !== undefined && typeof raw !== 'string') throw invalid(field, `${label} must be text.`);
  if (required && !value) throw invalid(field, `${label} is required.`);
  if (graphemeCount(value) > max) throw invalid(field, `${label} must be at most ${max} characters.`);
  return value;
}

/** Pure: the audience named, checked against what exists. */
export function readAudience(
  raw: AudienceInput | undefined,
  known: { editions: Set<string>; sections: Set<string>; topics: Set<string>; authors: Set<string> },
): Audience {
  const input = raw ?? {};
  if (input.kind === 'breaking') {
    if (typeof input.edition !== 'string' || !known.editions.has(input.edition))
      throw invalid('audience.edition', 'Breaking news goes to an edition: name one of ours.');
    return { kind: 'breaking', edition: input.edition };
  }
  const lists = { section: known.sections, topic: known.topics, author: known.authors } as const;
  if (input.kind !== 'section' && input.kind !== 'topic' && input.kind !== 'author')
    throw invalid('audience.kind', 'audience.kind must be breaking, section, topic or author.');
  if (typeof input.id !== 'string' || !lists[input.kind].has(input.id)) throw invalid('audience.id', `audience.id must be one of our ${input.kind}s.`);
  return { kind: input.kind, id: input.id };
}

/** Pure: a push Topic for an audience (at most 32 URL-safe characters): a newer alert to it replaces an undelivered older one. */
export const topicOf = (audience: Audience) =>
  `${audience.kind}-${crypto
    .createHash('sha256')
    .update(audience.kind === 'breaking' ? audience.edition : audience.id)
    .digest('base64url')
    .slice(0, 16)}`;

export interface AlertDeps {
  database: Database;
  urls: Urls;
  now: () => Date;
  icon: string;
}

/**
 * Creates an alert for an article, to send now or at a time; the job queue sends it. The link
 * is always the article's own, the image must be on the site or https. `staffId` null is the
 * site itself (an automatic alert for a new article).
 */
export async function createAlert(deps: AlertDeps, staffId: string | null, input: AlertInput) {
  const now = deps.now();
  if (typeof input.articleId !== 'string' || !UUID.test(input.articleId)) throw invalid('articleId', 'articleId must name an article.');
  const article = await findArticle(deps.database.db, { id: input.articleId.toLowerCase() });
  if (!article) throw notFound('The article');
  if (article.status !== 'published') throw new AppError('conflict', 'Only a published article can be sent as an alert.');
  const title = text(input.title ?? article.headline, 'title', 'The title', 120, true);
  const body = text(input.body ?? article.standfirst, 'body', 'The text', 240, false);
  const imageUrl =
    input.imageUrl === undefined || input.imageUrl === null || input.imageUrl === '' ? null : text(input.imageUrl, 'imageUrl', 'The image', 2048, false);
  if (imageUrl && !/^(https:\/\/|\/(?!\/))/.test(imageUrl)) throw invalid('imageUrl', 'The image must be an https address or a path on this site.');
  const audience = readAudience(input.audience, await knownChoices(deps.database.db));
  if (input.breaking !== undefined && typeof input.breaking !== 'boolean') throw invalid('breaking', 'breaking must be true or false.');
  const urgency = input.urgency ?? (input.breaking ? 'high' : 'normal');
  if (!URGENCIES.includes(urgency as (typeof URGENCIES)[number])) throw invalid('urgency', `urgency must be one of: ${URGENCIES.join(', ')}.`);
  const ttlMinutes = input.ttlMinutes ?? 24 * 60;
  if (typeof ttlMinutes !== 'number' || !Number.isInteger(ttlMinutes) || ttlMinutes < 1 || ttlMinutes > 4 * 7 * 24 * 60)
    throw invalid('ttlMinutes', 'ttlMinutes must be a whole number from 1 to 40320 (four weeks).');
  let sendAt = now;
  if (input.sendAt !== undefined && input.sendAt !== null) {
    sendAt = new Date(String(input.sendAt));
    if (Number.isNaN(sendAt.getTime())) throw invalid('sendAt', 'sendAt must be a date and time.');
    if (sendAt.getTime() < now.getTime() - 60_000) throw invalid('sendAt', 'sendAt is in the past.');
    if (sendAt.getTime() > now.getTime() + MAX_AHEAD_MS) throw invalid('sendAt', 'Alerts can be scheduled up to 30 days ahead.');
  }
  const row = {
    articleId: article.id,
    title,
    body,
    imageUrl,
    url: deps.urls.article(article.section.slug, article.slug),
    audience,
    breaking: input.breaking === true,
    urgency,
    ttlSeconds: ttlMinutes * 60,
    topic: topicOf(audience),
    status: 'scheduled' as const,
    sendAt,
    createdBy: staffId,
    automatic: staffId === null,
    createdAt: now,
  };
  const size = Buffer.byteLength(JSON.stringify(payloadOf({ ...row, id: crypto.randomUUID(), finishedAt: null, liveEntryId: null }, deps.icon)));
  if (size > MAX_PAYLOAD_BYTES)
    throw new AppError('payload_too_large', `The alert is ${size} bytes; a push message holds ${MAX_PAYLOAD_BYTES}. Shorten the title or text.`);
  return deps.database.transaction(async (tx) => {
    const alert = await repo.insertAlert(tx, row);
    await enqueue(tx, ALERT_FANOUT_JOB, { alertId: alert.id }, { runAt: sendAt, singletonKey: `${ALERT_FANOUT_JOB}:${alert.id}` });
    return alert;
  });
}

/** A scheduled alert not yet sending can be called off. */
export async function cancelAlert(deps: AlertDeps, id: string) {
  if (!UUID.test(id)) throw notFound('The alert');
  return deps.database.transaction(async (tx) => {
    const alert = await repo.findAlert(tx, id.toLowerCase());
    if (!alert) throw notFound('The alert');
    if (!(await repo.setAlertStatus(tx, alert.id, 'cancelled', deps.now(), ['scheduled'])))
      throw new AppError('conflict', `This alert is ${alert.status}; only a scheduled one can be cancelled.`);
    await cancelJob(tx, `${ALERT_FANOUT_JOB}:${alert.id}`);
  });
}
