import type { ContentEvents } from '../content/index.ts';
import type { LiveChannel } from '../platform/live/index.ts';
import { publishComment } from './live/kinds.ts';

/**
 * Who hears of a comment change, told by the service that made it once its transaction has
 * committed (a change rolled back is never announced): cached pages and cards showing the
 * article's comments, and readers following the article live.
 */
export interface CommentAnnouncements {
  events: Pick<ContentEvents, 'commentsChanged'>;
  /** The app's live channel: passes the change on to every process's open streams and the GRIP proxy. */
  live: Pick<LiveChannel, 'publish'>;
}

/**
 * Cached pages are refreshed; live readers are told only when the change is one they could see
 * (`shown`: the comment was or now is published). A change to a comment nobody but its author
 * knows of is not streamed: the author has the answer to their own request.
 */
export function announce(deps: CommentAnnouncements, comment: { id: string; articleId: string }, shown: boolean, notified: string | null = null): void {
  deps.events.commentsChanged(comment.articleId);
  if (shown) publishComment(deps.live, comment, notified);
}
