import { entryPermalink, findArticle, liveBlogs } from '../../content/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue, cancelJob } from '../../platform/jobs/queue.ts';
import { clip } from '../../platform/text.ts';
import { ALERT_FANOUT_JOB } from '../fanout.ts';
import * as alerts from '../repository.ts';
import type { AlertDeps } from '../service.ts';
import { topicOf } from '../service.ts';
import type { Audience } from '../tables.ts';
import * as repo from './repository.ts';
import { KEY_EVENT_ALERT_TTL_SECONDS, keyEventAlertAt, keyEventText } from './rules.ts';

export const LIVE_KEY_EVENT_JOB = 'alerts.live-key-event';
export const LIVE_BLOG_CLOSED_JOB = 'alerts.live-blog-closed';
export const KEY_EVENT_SWEEP_JOB = 'alerts.live-key-event-sweep';
/**
 * How far back the sweep looks for key events left without an alert (their announcement cut off
 * by a stop between the commit and the queueing): older news is not worth an alert any more.
 */
export const CATCH_UP_MS = 30 * 60_000;
/** How often the sweep runs: the longest a key event whose announcement was lost waits for its alert. */
export const SWEEP_EVERY_MS = 60_000;

/** One job per key event: its singleton key stops a second while the first waits or runs. */
export const keyEventJobKey = (entryId: string) => `${LIVE_KEY_EVENT_JOB}:${entryId}`;

/** The entry if readers see it as a key event of an open live blog on a published article, else null. */
async function liveKeyEvent(executor: Executor, entryId: string) {
  // An entry gone since (its article deleted) has nothing to announce; other failures retry the job.
  const entry = await liveBlogs.getEntry(executor, entryId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  });
  if (!entry || !entry.keyEvent || entry.status !== 'published') return null;
  const blog = await liveBlogs.findBlog(executor, entry.articleId);
  if (!blog || blog.state !== 'open') return null;
  // Taken down while its alert waited: followers must not be sent a headline readers can no longer see.
  const article = await findArticle(executor, { id: entry.articleId });
  if (!article || article.status !== 'published') return null;
  return { entry, article };
}

/**
 * Queues the alert job for each entry named that is now a key event readers see and has no
 * alert yet (the job checks it all again: it is what makes it once).
 */
export async function queueKeyEventAlerts(deps: AlertDeps, entryIds: string[]): Promise<void> {
  await cancelWithdrawn(deps, { entryIds });
  for (const id of new Set(entryIds)) {
    if (!(await liveKeyEvent(deps.database.db, id)) || (await repo.alertForEntry(deps.database.db, id))) continue;
    await enqueue(deps.database.db, LIVE_KEY_EVENT_JOB, { entryId: id }, { singletonKey: keyEventJobKey(id) });
  }
}

/**
 * Job, every SWEEP_EVERY_MS: key events of open blogs changed within CATCH_UP_MS that have no
 * alert get their job, so a key event whose announcement a stop cut off is not left without
 * one. The next sweep is queued first, so a sweep whose work fails does not end the chain (one
 * whose queueing fails through all its tries does, until a process starts and queues one).
 */
export async function sweepKeyEvents(deps: AlertDeps): Promise<void> {
  const now = deps.now();
  await scheduleKeyEventSweep(deps.database.db, new Date(now.getTime() + SWEEP_EVERY_MS));
  await queueKeyEventAlerts(deps, await liveBlogs.recentKeyEventIds(deps.database.db, new Date(now.getTime() - CATCH_UP_MS)));
}

/** One sweep per minute, whichever process asks first (the key names the minute); at start, and by each sweep. */
export async function scheduleKeyEventSweep(executor: Executor, at: Date): Promise<void> {
  await enqueue(executor, KEY_EVENT_SWEEP_JOB, {}, { runAt: at, singletonKey: `${KEY_EVENT_SWEEP_JOB}:${at.toISOString().slice(0, 16)}` });
}

/** Whether the alert's key event is still one readers see on an open blog: asked, under the alert lock, when a waiting alert's time comes. */
export const keyEventStillLive = async (executor: Executor, entryId: string): Promise<boolean> => (await liveKeyEvent(executor, entryId)) !== null;

/**
 * Alerts waiting out the gap (rules.ts) whose key event readers no longer see (deleted,
 * unmarked, its blog closed) are cancelled at once, so the newsroom's list shows it; the
 * fan-out asks again when the time comes (`keyEventStillLive`), for a change nobody announced.
 */
async function cancelWithdrawn(deps: AlertDeps, where: { entryIds: string[] } | { articleId: string }): Promise<void> {
  for (const waiting of await repo.waitingKeyEventAlerts(deps.database.db, where)) {
    await deps.database.transaction(async (tx) => {
      await alerts.lockArticleAlerts(tx, waiting.articleId);
      if (await keyEventStillLive(tx, waiting.entryId)) return;
      if (!(await alerts.setAlertStatus(tx, waiting.id, 'cancelled', deps.now(), ['scheduled']))) return;
      await cancelJob(tx, `${ALERT_FANOUT_JOB}:${waiting.id}`);
      // It had taken the place of an older key event's alert in the gap: the newest of those still live goes in its stead.
      for (const older of await repo.supersededKeyEventAlerts(tx, waiting.articleId, waiting.sendAt)) {
        if (!(await keyEventStillLive(tx, older.entryId))) continue;
        await alerts.setAlertStatus(tx, older.id, 'scheduled', deps.now(), ['cancelled']);
        await enqueue(tx, ALERT_FANOUT_JOB, { alertId: older.id }, { runAt: waiting.sendAt, singletonKey: `${ALERT_FANOUT_JOB}:${older.id}` });
        return;
      }
    });
  }
}

/**
 * Job: a key event's one alert to the blog's followers (title: the blog's headline; text: the
 * entry's; link: the entry's permalink). The alert row names the entry and the column is
 * unique, checked under the article's alert lock: a job run again, or the entry edited and
 * announced again, sends nothing more. The gap between a blog's alerts is kept (rules.ts).
 */
export async function alertKeyEvent(deps: AlertDeps, entryId: string): Promise<void> {
  const live = await liveKeyEvent(deps.database.db, entryId);
  if (!live) return;
  const { entry, article } = live;
  const audience: Audience = { kind: 'live-blog', id: article.id };
  await deps.database.transaction(async (tx) => {
    await alerts.lockArticleAlerts(tx, article.id);
    if (await repo.alertForEntry(tx, entry.id)) return;
    const now = deps.now();
    const previous = await repo.lastKeyEventAlert(tx, article.id);
    let sendAt = keyEventAlertAt(previous?.sendAt ?? null, now);
    if (previous?.status === 'scheduled' && previous.sendAt > now) {
      // A newer key event in the gap takes the waiting alert's place.
      await alerts.setAlertStatus(tx, previous.id, 'cancelled', now, ['scheduled']);
      await cancelJob(tx, `${ALERT_FANOUT_JOB}:${previous.id}`);
      sendAt = previous.sendAt;
    }
    const alert = await alerts.insertAlert(tx, {
      articleId: article.id,
      liveEntryId: entry.id,
      title: clip(article.headline, 120),
      body: clip(keyEventText(entry), 240),
      imageUrl: null,
      url: entryPermalink(deps.urls.article(article.section.slug, article.slug), entry.id),
      audience,
      breaking: false,
      automatic: true,
      urgency: 'normal',
      ttlSeconds: KEY_EVENT_ALERT_TTL_SECONDS,
      topic: topicOf(audience),
      status: 'scheduled',
      sendAt,
      createdBy: null,
      createdAt: now,
    });
    await enqueue(tx, ALERT_FANOUT_JOB, { alertId: alert.id }, { runAt: sendAt, singletonKey: `${ALERT_FANOUT_JOB}:${alert.id}` });
  });
}

/** Job, when a blog closes: its followers are forgotten (reopened, it is followed afresh). */
export async function forgetClosedBlog(deps: AlertDeps, articleId: string): Promise<void> {
  const blog = await liveBlogs.findBlog(deps.database.db, articleId);
  if (blog?.state === 'open') return;
  await cancelWithdrawn(deps, { articleId });
  await deps.database.transaction((tx) => repo.forgetFollowers(tx, articleId));
}
