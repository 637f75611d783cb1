import type { Database } from '../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { announce, type CommentAnnouncements } from '../announce.ts';
import { notifyReply } from '../notifications/service.ts';
import * as comments from '../repository.ts';
import * as repo from './repository.ts';
import { UUID } from '../../platform/ids.ts';

export interface ModerationDeps extends CommentAnnouncements {
  database: Database;
  now: () => Date;
}

/** What changed (announced already, once it committed). */
export interface Moderated {
  comment: comments.CommentView;
  /** The reader told of a reply that has just appeared, if any. */
  notified: string | null;
  /** Readers could see it before or can now: only then are open pages told (a held comment removed was never theirs to know of). */
  shown: boolean;
}

async function commentFor(deps: ModerationDeps, id: string) {
  const comment = UUID.test(id) ? await comments.findComment(deps.database.db, id.toLowerCase()) : null;
  if (!comment) throw notFound('The comment');
  return comment;
}

/** A sanction as the moderator's form sends it; every field is checked here. */
export interface SanctionInput {
  kind?: string | undefined;
  /** Whole days, for a suspension (the form sends text). */
  days?: string | number | undefined;
  reason?: string | undefined;
}

/** Pages and live readers hear of a moderator's decision once it committed. */
function announced(deps: ModerationDeps, result: Moderated): Moderated {
  announce(deps, result.comment, result.shown, result.notified);
  return result;
}

function reasonOf(input: string | undefined, what: string): string {
  const reason = typeof input === 'string' ? input.trim() : '';
  if (!reason) throw invalid('reason', `Give a reason for ${what}: the reader is told it.`);
  if ([...reason].length > 500) throw invalid('reason', 'The reason is too long; keep it under 500 characters.');
  return reason;
}

/**
 * Approves a comment: a held one is published (and its parent's author told of the reply); a
 * flagged one stays, its flags closed. Approving twice changes nothing more.
 */
export async function approveComment(deps: ModerationDeps, moderatorId: string, id: string): Promise<Moderated> {
  const now = deps.now();
  const comment = await commentFor(deps, id);
  if (comment.status !== 'held' && comment.status !== 'published')
    throw new AppError('conflict', `This comment was ${comment.status}; there is nothing to approve.`);
  const notified = await deps.database.transaction(async (tx) => {
    await repo.resolveFlags(tx, comment.id, now);
    if (comment.status !== 'held') {
      await repo.recordModeration(tx, {
        userId: comment.author?.id ?? null,
        commentId: comment.id,
        moderatorId,
        action: 'kept',
        reason: 'Flags reviewed',
        at: now,
      });
      return null;
    }
    await repo.setStatus(tx, comment.id, 'published');
    await comments.countPublished(tx, comment, 1, now);
    await repo.recordModeration(tx, { userId: comment.author?.id ?? null, commentId: comment.id, moderatorId, action: 'approved', reason: '', at: now });
    const parent = comment.parentId ? await comments.findComment(tx, comment.parentId) : null;
    return notifyReply(
      tx,
      { id: comment.id, authorId: comment.author?.id ?? null },
      parent && parent.status === 'published' ? { authorId: parent.author?.id ?? null } : null,
      now,
    );
  });
  return announced(deps, { comment: (await comments.findComment(deps.database.db, comment.id))!, notified, shown: true });
}

/**
 * Removes a comment with a reason the author sees in their history. A comment removed after
 * readers flagged it counts against its author's reputation.
 */
export async function rejectComment(deps: ModerationDeps, moderatorId: string, id: string, reasonInput: string | undefined): Promise<Moderated> {
  const now = deps.now();
  const reason = reasonOf(reasonInput, 'removing it');
  const comment = await commentFor(deps, id);
  if (comment.status !== 'held' && comment.status !== 'published') throw new AppError('conflict', `This comment was ${comment.status} already.`);
  await deps.database.transaction(async (tx) => {
    const flags = await repo.resolveFlags(tx, comment.id, now);
    await repo.setStatus(tx, comment.id, 'rejected');
    if (comment.status === 'published') await comments.countPublished(tx, comment, -1, now);
    await repo.recordModeration(tx, {
      userId: comment.author?.id ?? null,
      commentId: comment.id,
      moderatorId,
      action: flags ? 'removed-after-flags' : 'rejected',
      reason,
      at: now,
    });
  });
  return announced(deps, { comment: (await comments.findComment(deps.database.db, comment.id))!, notified: null, shown: comment.status === 'published' });
}

const MAX_SUSPENSION_DAYS = 365;

/** Bans a reader from commenting, or suspends them for a number of days. Staff cannot be sanctioned here. */
export async function sanctionReader(deps: ModerationDeps, moderatorId: string, userId: string, input: SanctionInput) {
  const now = deps.now();
  if (input.kind !== 'ban' && input.kind !== 'suspension') throw invalid('kind', 'kind must be "ban" or "suspension".');
  const kind = input.kind;
  const days = input.kind === 'suspension' ? Number(input.days) : null;
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_SUSPENSION_DAYS))
    throw invalid('days', `A suspension lasts 1 to ${MAX_SUSPENSION_DAYS} whole days.`);
  const reason = reasonOf(input.reason, input.kind === 'ban' ? 'the ban' : 'the suspension');
  const history = UUID.test(userId) ? await repo.readerHistory(deps.database.db, userId.toLowerCase(), now) : null;
  if (!history) throw notFound('The reader');
  if (history.reader.role !== 'reader') throw new AppError('forbidden', 'Staff accounts are managed in the newsroom staff page, not sanctioned here.');
  if (history.reader.id === moderatorId) throw new AppError('forbidden', 'You cannot sanction yourself.');
  const until = days === null ? null : new Date(now.getTime() + days * 86_400_000);
  await deps.database.transaction(async (tx) => {
    await repo.saveSanction(tx, { userId: history.reader.id, kind, until, reason, moderatorId, at: now });
    await repo.recordModeration(tx, {
      userId: history.reader.id,
      moderatorId,
      action: input.kind === 'ban' ? 'banned' : `suspended for ${days} day${days === 1 ? '' : 's'}`,
      reason,
      at: now,
    });
  });
  return { until };
}

export async function liftSanction(deps: ModerationDeps, moderatorId: string, userId: string): Promise<boolean> {
  const now = deps.now();
  if (!UUID.test(userId)) throw notFound('The reader');
  return deps.database.transaction(async (tx) => {
    const lifted = await repo.deleteSanction(tx, userId.toLowerCase());
    if (lifted) await repo.recordModeration(tx, { userId: userId.toLowerCase(), moderatorId, action: 'sanction lifted', reason: '', at: now });
    return lifted;
  });
}
