import type { Database } from '../../platform/db/database.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { UUID } from '../../platform/ids.ts';
import { announce, type CommentAnnouncements } from '../announce.ts';
import { findComment } from '../repository.ts';
import * as repo from './repository.ts';

export const FLAG_REASONS = ['abuse', 'spam', 'off-topic', 'personal-information', 'other'] as const;

export interface ReactionsDeps extends CommentAnnouncements {
  database: Database;
  now: () => Date;
}

/** A flag as the reader sends it; the reason and note are checked here, whatever the caller checked. */
export interface FlagInput {
  reason: string;
  note?: string | undefined;
}

/** A published comment someone else wrote: what readers may recommend or flag. */
async function othersComment(deps: Pick<ReactionsDeps, 'database'>, readerId: string, commentId: string, doing: string) {
  if (!UUID.test(commentId)) throw notFound('The comment');
  const comment = await findComment(deps.database.db, commentId.toLowerCase());
  if (!comment || comment.status !== 'published') throw notFound('The comment');
  if (comment.author?.id === readerId) throw invalid('comment', `You cannot ${doing} your own comment.`);
  return comment;
}

/** Recommends a comment or takes the recommendation back; a new count is announced only when it changed. */
export async function recommendComment(deps: ReactionsDeps, readerId: string, commentId: string, on: boolean) {
  const comment = await othersComment(deps, readerId, commentId, 'recommend');
  const changed = await deps.database.transaction((tx) =>
    on ? repo.recommend(tx, comment.id, readerId, deps.now()) : repo.unrecommend(tx, comment.id, readerId),
  );
  const now = (await findComment(deps.database.db, comment.id))!;
  if (changed) announce(deps, now, true);
  return { comment: now, changed };
}

/** A reader flags a comment for the moderators; nothing readers see changes. */
export async function flagComment(deps: ReactionsDeps, readerId: string, commentId: string, input: FlagInput) {
  if (typeof input.reason !== 'string' || !(FLAG_REASONS as readonly string[]).includes(input.reason))
    throw invalid('reason', `reason must be one of: ${FLAG_REASONS.join(', ')}.`);
  const note = input.note === undefined ? '' : input.note;
  if (typeof note !== 'string' || [...note].length > 500) throw invalid('note', 'note must be text of at most 500 characters.');
  const comment = await othersComment(deps, readerId, commentId, 'flag');
  return { comment, created: await repo.flag(deps.database.db, comment.id, readerId, input.reason, note, deps.now()) };
}
