import { SHOWN_DEPTH } from '../limits.ts';
import type { Presented, PresentedComment } from '../present.ts';

/**
 * Pure: a thread list with one comment as it now is (from the live stream or the reader's own
 * post). A comment already shown is updated in place, its replies kept; a new published one
 * goes under its parent (or at the top); one deleted becomes a marker; one withheld (held or
 * removed by a moderator) disappears, or stays as a marker while replies hang from it. Returns
 * the same array when nothing changed, and how the discussion's count changes (+1 for a new
 * published comment, -1 for a shown one deleted or withheld).
 */
export function mergeComment(threads: Presented[], comment: PresentedComment): { threads: Presented[]; delta: -1 | 0 | 1 } {
  const keeps = (item: Presented) =>
    comment.status === 'published' || comment.status === 'deleted' || (comment.status === 'withheld' && (item.replies.length > 0 || comment.replyCount > 0));
  let found = false;
  let wasPublished = false;
  const walk = (list: Presented[]): Presented[] => {
    let changed = false;
    const out: Presented[] = [];
    for (const item of list) {
      if (item.id === comment.id) {
        found = true;
        wasPublished = item.status === 'published';
        changed = true;
        if (keeps(item)) out.push({ ...item, ...comment, replies: item.replies, moreBelow: item.moreBelow });
        continue;
      }
      const replies = walk(item.replies);
      if (replies !== item.replies) {
        changed = true;
        out.push({ ...item, replies });
      } else out.push(item);
    }
    return changed ? out : list;
  };
  const updated = walk(threads);
  if (found) return { threads: updated, delta: wasPublished && comment.status !== 'published' ? -1 : 0 };
  if (comment.status !== 'published') return { threads, delta: 0 };

  const fresh: Presented = { ...comment, replies: [], moreBelow: false };
  if (!comment.parentId) return { threads: [fresh, ...threads], delta: 1 };
  let placed = false;
  const attach = (list: Presented[]): Presented[] => {
    if (placed) return list;
    const out = list.map((item) => {
      if (placed) return item;
      if (item.id === comment.parentId) {
        placed = true;
        // Below the depth the page shows, the reply is counted and opens in the conversation view.
        return item.depth + 1 > SHOWN_DEPTH
          ? { ...item, moreBelow: true, replyCount: item.replyCount + 1 }
          : { ...item, replies: [...item.replies, fresh], replyCount: item.replyCount + 1 };
      }
      const replies = attach(item.replies);
      return replies === item.replies ? item : { ...item, replies };
    });
    return placed ? out : list;
  };
  const attached = attach(threads);
  // A reply to a thread not on this page is still one more comment in the discussion.
  return { threads: attached, delta: 1 };
}
