import type { ContentEvents } from '../content/index.ts';

/**
 * Who hears of a comment change, told by the service that made it once its transaction has
 * committed (a change rolled back is never announced): cached pages and cards showing the
 * article's comments, and readers following the article live.
 */
export interface CommentAnnouncements {
  events: Pick<ContentEvents, 'commentsChanged'>;
  /** The live hub (live/hub.ts): passes the change on to every process's open streams. */
  live: { tell(comment: { id: string; articleId: string }, notified: string | null): void };
}

/**
 * Cached pages are refreshed; live readers are told only when the change is one they could see
 * (`shown`: the comment was or now is published). A change to a comment nobody but its author
 * knows of is not streamed: the author has the answer to their own request.
 */
export function announce(deps: CommentAnnouncements, comment: { id: string; articleId: string }, shown: boolean, notified: string | null = null): void {
  deps.events.commentsChanged(comment.articleId);
  if (shown) deps.live.tell(comment, notified);
}
