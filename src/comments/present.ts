export { PAGE, SHOWN_DEPTH } from './limits.ts';
import type { Finding } from './moderation/pipeline.ts';
import { excerpt } from './format/excerpt.ts';
import type { ReplyNotice } from './notifications/repository.ts';
import type { CommentView } from './repository.ts';
import type { Thread } from './service.ts';

const STAFF = new Set(['moderator', 'contributor', 'writer', 'editor', 'admin']);
/** Staff badge, and staff comments skip the checks meant for strangers. */
export const isStaff = (role: string) => STAFF.has(role);

/** A comment as readers get it: a deleted one keeps its place with no text and no author. */
export function presentComment(comment: CommentView) {
  const deleted = comment.status === 'deleted';
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    status: comment.status,
    body: deleted ? '' : comment.body,
    author: deleted || !comment.author ? null : { id: comment.author.id, name: comment.author.name, staff: isStaff(comment.author.role), byline: comment.author.byline },
    createdAt: comment.createdAt.toISOString(),
    edited: comment.editedAt !== null,
    recommendCount: comment.recommendCount,
    replyCount: comment.replyCount,
  };
}

export type PresentedComment = ReturnType<typeof presentComment>;
export type Presented = PresentedComment & { replies: Presented[]; moreBelow: boolean };
export const presentThread = (thread: Thread): Presented => ({ ...presentComment(thread.comment), replies: thread.replies.map(presentThread), moreBelow: thread.moreBelow });


/** Why a comment waits for a moderator, in the words the pipeline gave the reader. */
export const heldReason = (findings: Finding[]) => findings.find((f) => f.action === 'hold')?.reason ?? 'A moderator will read it first.';

export const presentNotice = (notice: ReplyNotice) => ({
  commentId: notice.commentId,
  articleId: notice.articleId,
  headline: notice.headline,
  url: `/comments/${notice.commentId}`,
  from: notice.fromName,
  excerpt: excerpt(notice.body, 140),
  at: notice.at.toISOString(),
  read: notice.read,
});
