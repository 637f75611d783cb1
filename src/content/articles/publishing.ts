import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import { cancelJob, enqueue } from '../../platform/jobs/queue.ts';
import type { ContentDeps } from '../changes.ts';
import { findImages } from '../images/repository.ts';
import type { CorrectionKind } from '../tables.ts';
import { versioned } from '../versioning.ts';
import { changeArticle } from './announce.ts';
import { bodyReferences } from './body.ts';
import type { Actor } from './inputs.ts';
import { getArticle } from './reading.ts';
import { findArticle, type ArticleRecord } from './record-repository.ts';
import { recordRevision } from './revisions.ts';
import { assertTransition, isFirstPublicationNow, publicationTimes, publishProblem } from './rules.ts';
import * as writes from './write-repository.ts';

// An article before its readers: publishing now or on schedule, withdrawing, and correcting what was published.

export const PUBLISH_SCHEDULED_JOB = 'articles.publish-scheduled';
/**
 * Queued in the transaction that publishes an article for the first time, so what follows a
 * new story (an automatic alert) happens once even if the process stops right after.
 */
export const FIRST_PUBLISHED_JOB = 'articles.first-published';

/** Everything `publishProblem` looks at, read from the stored article. */
export async function publishable(executor: Executor, article: ArticleRecord) {
  const body = article.body ?? [];
  const refs = bodyReferences(body);
  const ids = [...(article.heroImageId ? [article.heroImageId] : []), ...refs.images.map((r) => r.id)];
  const alts = new Map((await findImages(executor, ids)).map((i) => [i.id, i.alt]));
  const images = [
    ...(article.heroImageId ? [{ field: 'hero.alt', alt: article.heroAlt ?? alts.get(article.heroImageId) ?? '' }] : []),
    ...body.flatMap((block, i) => (block.type === 'image' ? [{ field: `body[${i}].alt`, alt: block.alt ?? alts.get(block.imageId.toLowerCase()) ?? '' }] : [])),
  ];
  return { headline: article.headline, standfirst: article.standfirst, authorCount: article.authors.length, blockCount: body.length, images };
}

/** Publishes inside the caller's transaction; `record` false leaves the revision to the caller (creating an article records its own). */
export async function publishInTransaction(
  tx: Executor,
  article: ArticleRecord,
  options: { publishedAt?: Date | undefined; version?: number | undefined },
  who: Actor,
  record = true,
) {
  assertTransition(article.status, 'publish');
  const problem = publishProblem(await publishable(tx, article));
  if (problem) throw problem;
  const times = publicationTimes(article, who.now, options.publishedAt);
  const version = options.version ?? article.version;
  await versioned(
    'The article',
    version,
    () => writes.updateArticle(tx, article.id, version, { status: 'published', scheduledAt: null, ...times }),
    () => writes.currentVersion(tx, article.id),
  );
  await cancelJob(tx, `${PUBLISH_SCHEDULED_JOB}:${article.id}`);
  if (isFirstPublicationNow(article, times, who.now))
    await enqueue(tx, FIRST_PUBLISHED_JOB, { articleId: article.id }, { runAt: who.now, singletonKey: `${FIRST_PUBLISHED_JOB}:${article.id}` });
  return record ? recordRevision(tx, article.id, 'publish', who) : getArticle(tx, article.id);
}

export function publishArticle(deps: ContentDeps, id: string, options: { version?: number | undefined; publishedAt?: string | undefined }, who: Actor) {
  return changeArticle(deps, async (tx) => {
    const article = await getArticle(tx, id);
    // Publishing what is already live changes nothing: a retried request is harmless.
    if (article.status === 'published' && !options.publishedAt) return { before: article, after: article };
    return {
      before: article,
      after: await publishInTransaction(
        tx,
        article,
        { version: options.version, publishedAt: options.publishedAt ? new Date(options.publishedAt) : undefined },
        who,
      ),
    };
  });
}

export function unpublishArticle(deps: ContentDeps, id: string, options: { version?: number | undefined }, who: Actor) {
  return changeArticle(deps, async (tx) => {
    const article = await getArticle(tx, id);
    if (article.status === 'unpublished') return { before: article, after: article };
    assertTransition(article.status, 'unpublish');
    const version = options.version ?? article.version;
    await versioned(
      'The article',
      version,
      () => writes.updateArticle(tx, id, version, { status: 'unpublished', scheduledAt: null }),
      () => writes.currentVersion(tx, id),
    );
    await cancelJob(tx, `${PUBLISH_SCHEDULED_JOB}:${id}`);
    return { before: article, after: await recordRevision(tx, id, 'unpublish', who) };
  });
}

/** Holds the article back (embargo) and publishes it at `at` through the job queue. */
export function scheduleArticle(deps: ContentDeps, id: string, options: { at: string; version?: number | undefined }, who: Actor) {
  return changeArticle(deps, async (tx) => {
    const article = await getArticle(tx, id);
    assertTransition(article.status, 'schedule');
    const at = new Date(options.at);
    if (at.getTime() <= who.now.getTime()) throw invalid('at', 'at must be in the future; publish the article now instead.');
    const problem = publishProblem(await publishable(tx, article));
    if (problem) throw problem;
    const version = options.version ?? article.version;
    await versioned(
      'The article',
      version,
      () => writes.updateArticle(tx, id, version, { status: 'scheduled', scheduledAt: at }),
      () => writes.currentVersion(tx, id),
    );
    const key = `${PUBLISH_SCHEDULED_JOB}:${id}`;
    await cancelJob(tx, key);
    await enqueue(tx, PUBLISH_SCHEDULED_JOB, { articleId: id }, { runAt: at, singletonKey: key });
    return { before: article, after: await recordRevision(tx, id, 'schedule', who) };
  });
}

/** Job: publishes a scheduled article once its time has come. Safe to run twice; null when there was nothing to publish. */
export async function publishScheduled(deps: ContentDeps, articleId: string, now: Date): Promise<ArticleRecord | null> {
  const change = await deps.database.transaction(async (tx) => {
    const article = await findArticle(tx, { id: articleId });
    if (!article || article.status !== 'scheduled' || !article.scheduledAt) return null;
    if (article.scheduledAt.getTime() > now.getTime()) {
      // Rescheduled later in the meantime: that schedule has its own job.
      return null;
    }
    return { before: article, after: await publishInTransaction(tx, article, { publishedAt: article.scheduledAt }, { actor: 'schedule', now }) };
  });
  if (!change) return null;
  deps.events.articleChanged(change.before, change.after);
  return change.after;
}

export function addCorrection(deps: ContentDeps, id: string, input: { kind: CorrectionKind; note: string; version?: number | undefined }, who: Actor) {
  return changeArticle(deps, async (tx) => {
    const article = await getArticle(tx, id);
    assertTransition(article.status, 'correct');
    const version = input.version ?? article.version;
    await versioned(
      'The article',
      version,
      () => writes.updateArticle(tx, id, version, { updatedAt: who.now }),
      () => writes.currentVersion(tx, id),
    );
    await writes.insertCorrection(tx, { id: crypto.randomUUID(), articleId: id, kind: input.kind, note: input.note, createdAt: who.now });
    // 'update' already names an ordinary save in the history: an update note is its own action.
    return { before: article, after: await recordRevision(tx, id, input.kind === 'update' ? 'update_note' : 'correction', who) };
  });
}
