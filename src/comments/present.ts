export { PAGE, SHOWN_DEPTH } from './limits.ts';
import type { Finding } from './moderation/pipeline.ts';
import { excerpt } from './format/excerpt.ts';
import type { ReplyNotice } from './notifications/repository.ts';
import type { CommentView } from './comment-view.ts';
import { isStaff } from './staff.ts';
import type { Thread } from './threads/service.ts';

/**
 * What a comment shows: "published" to everyone; "held" only to its author (waiting for a
 * moderator); "deleted" (by its author) and "withheld" (held or removed by a moderator) are the
 * markers others see where such a comment keeps replies in place, with no text and no author.
 */
export type ShownStatus = 'published' | 'held' | 'deleted' | 'withheld';

export interface PresentedComment {
  id: string;
  parentId: string | null;
  depth: number;
  status: ShownStatus;
  body: string;
  author: { id: string; name: string; staff: boolean; byline: boolean } | null;
  createdAt: string;
  edited: boolean;
  recommendCount: number;
  replyCount: number;
}

/**
 * A comment as anyone may see it: every page, the live stream, cached pages. Only a published
 * comment carries its text and author; any other is a marker, so no path can leak what a
 * moderator holds or removed, or what an author deleted.
 */
export function presentComment(comment: CommentView): PresentedComment {
  if (comment.status === 'published') return presentForAuthor(comment);
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    status: comment.status === 'deleted' ? 'deleted' : 'withheld',
    body: '',
    author: null,
    createdAt: comment.createdAt.toISOString(),
    edited: false,
    recommendCount: 0,
    replyCount: comment.replyCount,
  };
}

/** A comment as its own author sees it (a held one with its text); only for answers to the author's own requests. */
export function presentForAuthor(comment: CommentView): PresentedComment {
  if (comment.status === 'deleted' || comment.status === 'rejected') return presentComment(comment);
  return {
    id: comment.id,
    parentId: comment.parentId,
    depth: comment.depth,
    status: comment.status,
    body: comment.body,
    author: comment.author ? { id: comment.author.id, name: comment.author.name, staff: isStaff(comment.author.role), byline: comment.author.byline } : null,
    createdAt: comment.createdAt.toISOString(),
    edited: comment.editedAt !== null,
    recommendCount: comment.recommendCount,
    replyCount: comment.replyCount,
  };
}

export type Presented = PresentedComment & { replies: Presented[]; moreBelow: boolean };
export const presentThread = (thread: Thread): Presented => ({
  ...presentComment(thread.comment),
  replies: thread.replies.map(presentThread),
  moreBelow: thread.moreBelow,
});

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
