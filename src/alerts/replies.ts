import { findNotice, excerpt } from '../comments/index.ts';
import type { Database } from '../platform/db/database.ts';
import type { PushClient } from './delivery/push-client.ts';
import type { AlertPayload } from './payload.ts';
import { deleteById, replySubscriptions } from './subscriptions/repository.ts';

/**
 * A reply to a reader's comment, pushed to each of their browsers that chose replies. Not an
 * alert (no report): one message per browser, gone subscriptions deleted. A push service that
 * wants a retry makes the job fail, so the queue tries again later with backoff; a browser that
 * had the message already gets it again, and its tag shows it once.
 */
export async function pushReply(
  deps: { database: Database; client: () => Promise<PushClient>; publicUrl: string; icon: string },
  job: { userId: string; commentId: string },
): Promise<void> {
  const db = deps.database.db;
  const [notice, targets] = await Promise.all([findNotice(db, job.userId, job.commentId), replySubscriptions(db, job.userId)]);
  if (!notice || !targets.length) return;
  const payload: AlertPayload = {
    alertId: '',
    title: `${notice.fromName} replied to your comment`,
    body: excerpt(notice.body, 140),
    url: `${deps.publicUrl}/comments/${notice.commentId}`,
    image: null,
    icon: deps.icon,
    tag: `reply-${notice.commentId}`,
  };
  const client = await deps.client();
  const body = Buffer.from(JSON.stringify(payload));
  let retry = '';
  for (const target of targets) {
    const outcome = await client.send(target, body, { ttl: 24 * 3600, urgency: 'normal' });
    if (outcome.kind === 'gone') await deleteById(db, target.id);
    if (outcome.kind === 'retry') retry = outcome.reason;
  }
  if (retry) throw new Error(`a push service asked to retry: ${retry}`);
}
