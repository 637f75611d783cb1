import type { Database, Executor } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import type { ReplyMail } from '../tables.ts';
import { replyMail } from './mail.tsx';
import * as repo from './repository.ts';

export const REPLY_MAIL_JOB = 'comments.reply-mail';
export const REPLY_DIGEST_JOB = 'comments.reply-digest';
/** Handled by src/alerts: a push to the reader's browsers that chose replies. */
export const REPLY_PUSH_JOB = 'alerts.reply-push';
/** Replies in one e-mail at most; the rest are in the reader's feed. */
const MAIL_LIMIT = 20;

/**
 * A reply was published: its parent's author has something to read. Runs in the transaction
 * that published it. Readers who chose "at once" get an e-mail job; replies that arrive while it
 * waits go in the same e-mail (one job per reader at a time). Returns who was notified.
 */
export async function notifyReply(
  tx: Executor,
  reply: { id: string; authorId: string | null },
  parent: { authorId: string | null } | null,
  now: Date,
): Promise<string | null> {
  const to = parent?.authorId;
  if (!to || to === reply.authorId) return null;
  const made = await repo.addNotification(tx, to, reply.id, now);
  if (!made) return null;
  if ((await repo.replyMailChoice(tx, to)) === 'immediate') await enqueue(tx, REPLY_MAIL_JOB, { userId: to }, { singletonKey: `${REPLY_MAIL_JOB}:${to}` });
  // Web push, for readers whose browsers chose replies (the alerts domain handles this job).
  await enqueue(tx, REPLY_PUSH_JOB, { userId: to, commentId: reply.id });
  return to;
}

export interface MailDeps {
  database: Database;
  site: string;
  publicUrl: string;
  now: () => Date;
}

/**
 * E-mails a reader the replies they have neither read nor been sent. Marking and queueing the
 * mail commit together, so a job run twice sends each reply once.
 */
export async function mailReplies(deps: MailDeps, userId: string): Promise<number> {
  return deps.database.transaction(async (tx) => {
    const address = await repo.mailAddress(tx, userId);
    if (!address?.verified || !address.active) return 0;
    const pending = await repo.listNotices(tx, userId, { limit: MAIL_LIMIT, unmailedOnly: true });
    const marked = new Set(
      await repo.markMailed(
        tx,
        pending.map((n) => n.id),
        deps.now(),
      ),
    );
    const notices = pending.filter((n) => marked.has(n.id));
    if (!notices.length) return 0;
    await queueMail(tx, replyMail({ site: deps.site, publicUrl: deps.publicUrl, to: address.email, name: address.name, notices }));
    return notices.length;
  });
}

/** The daily digest: every reader who chose it and has replies waiting. */
export async function mailDailyDigests(deps: MailDeps): Promise<number> {
  let mailed = 0;
  for (const reader of await repo.readersToMail(deps.database.db, 'daily')) if (await mailReplies(deps, reader.userId)) mailed++;
  return mailed;
}

const DAY = 24 * 60 * 60_000;
/** Pure: the next digest time, 07:00 UTC (morning in Europe, before the day's news in the Americas). */
export function nextDigestAt(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
  return at.getTime() > now.getTime() ? at : new Date(at.getTime() + DAY);
}

/** One digest per day, whichever process asks first (the key names the day). */
export async function scheduleDigest(executor: Executor, now: Date): Promise<void> {
  const at = nextDigestAt(now);
  await enqueue(executor, REPLY_DIGEST_JOB, {}, { runAt: at, singletonKey: `${REPLY_DIGEST_JOB}:${at.toISOString().slice(0, 10)}` });
}

export const REPLY_MAIL_CHOICES: Record<ReplyMail, string> = {
  immediate: 'At once, for each reply',
  daily: 'Once a day, if there are replies',
  never: 'Never',
};
