import type { ComponentChildren, VNode } from 'preact';
import { parseComment } from '../format/parse.ts';
import { CommentText } from '../format/render.tsx';
import type { Presented, PresentedComment } from '../present.ts';

/**
 * One comment and the replies under it, as the server renders the first page and the
 * comments island renders everything after: the same component, so taking over the
 * server's markup changes nothing a reader can see. `actions` (the island's buttons) and
 * `after` (its reply form) exist only in the browser.
 */
export interface ThreadOptions {
  /** The time as the edition shows it. */
  when: (iso: string) => string;
  actions?: (comment: Presented) => VNode | null;
  after?: (comment: Presented) => VNode | null;
}

/** What stands where a comment readers may not read keeps its replies in place; null for one they may read. */
export function markerText(status: PresentedComment['status']): string | null {
  if (status === 'deleted') return 'This comment was deleted.';
  if (status === 'withheld') return 'This comment is withheld by the moderators.';
  return null;
}

export function CommentItem({ comment, options }: { comment: Presented; options: ThreadOptions }) {
  const author = comment.author;
  const marker = markerText(comment.status);
  return (
    <li class={`comment comment--depth-${comment.depth}`} id={`comment-${comment.id}`} data-comment-id={comment.id}>
      <article
        aria-label={marker ? (comment.status === 'deleted' ? 'Deleted comment' : 'Withheld comment') : `Comment by ${author?.name ?? 'a former reader'}`}
      >
        {marker ? (
          <p class="comment__deleted">{marker}</p>
        ) : (
          <>
            <p class="comment__meta">
              {author ? (
                <a class="comment__author" href={`/readers/${author.id}`}>
                  {author.name}
                </a>
              ) : (
                <strong class="comment__author">A former reader</strong>
              )}
              {author?.byline && <span class="badge badge--author">Author</span>}
              {author?.staff && !author.byline && <span class="badge">Staff</span>}{' '}
              <a class="comment__permalink" href={`/comments/${comment.id}`}>
                <time datetime={comment.createdAt}>{options.when(comment.createdAt)}</time>
              </a>
              {comment.edited && <span class="comment__edited"> (edited)</span>}
            </p>
            <div class="comment__body">
              <CommentText blocks={parseComment(comment.body)} />
            </div>
            {options.actions ? options.actions(comment) : comment.recommendCount > 0 && <p class="comment__recommends">{comment.recommendCount} recommended</p>}
          </>
        )}
      </article>
      {options.after?.(comment)}
      {comment.replies.length > 0 && (
        <ol class="comment__replies">
          {comment.replies.map((reply) => (
            <CommentItem comment={reply} options={options} />
          ))}
        </ol>
      )}
      {comment.moreBelow && (
        <p class="comment__more">
          <a href={`/comments/${comment.id}`}>Continue this conversation</a>
        </p>
      )}
    </li>
  );
}

export function ThreadList({ threads, options, children }: { threads: Presented[]; options: ThreadOptions; children?: ComponentChildren }) {
  return (
    <ol class="comments__threads">
      {threads.map((thread) => (
        <CommentItem comment={thread} options={options} />
      ))}
      {children}
    </ol>
  );
}
