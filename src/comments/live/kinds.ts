import type { Executor } from '../../platform/db/database.ts';
import type { LiveChannel } from '../../platform/live/index.ts';
import { findNotice, countUnread } from '../notifications/repository.ts';
import { presentComment, presentNotice } from '../present.ts';
import { findComment, type CommentView } from '../repository.ts';

/**
 * What comments put on the live channel. Every reader of an article follows its comments topic and
 * gets the same bytes, so a comment message carries only what the public page shows (see
 * presentComment; one that left the page arrives as a marker with no text). A signed-in reader
 * also follows their own topic, where replies to them arrive: private, never on the shared one.
 */
export const commentsTopic = (articleId: string) => `comments:${articleId}`;
export const userTopic = (userId: string) => `user:${userId}`;

/** A comment as the live stream sends it; its id (its time) is what a reconnecting reader resumes from. */
export const commentMessage = (comment: CommentView) => ({ event: 'comment', data: presentComment(comment), id: comment.createdAt.toISOString() });

/** Announces a comment that appeared or changed, and the reply it is to `notified`'s comment. */
export function publishComment(live: Pick<LiveChannel, 'publish'>, comment: { id: string; articleId: string }, notified: string | null): void {
  live.publish('comment', commentsTopic(comment.articleId), { commentId: comment.id });
  if (notified) live.publish('notification', userTopic(notified), { userId: notified, commentId: comment.id });
}

/** How each announcement becomes a message: loaded once per process that has readers of it. */
export function defineCommentKinds(live: LiveChannel, db: Executor): void {
  live.define<{ commentId: string }>('comment', async ({ commentId }) => {
    const comment = await findComment(db, commentId);
    return comment && commentMessage(comment);
  });
  live.define<{ userId: string; commentId: string }>('notification', async ({ userId, commentId }) => {
    const notice = await findNotice(db, userId, commentId);
    return notice && { event: 'notification', data: { ...presentNotice(notice), unread: await countUnread(db, userId) } };
  });
}
