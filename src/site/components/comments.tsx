import { parseComment } from '../../comments/format/parse.ts';
import { CommentText } from '../../comments/format/render.tsx';
import type { Presented } from '../../comments/present.ts';
import type { CommentsView } from '../loaders.ts';
import type { EditionView } from '../model.ts';
import { dateline } from '../time.ts';

/**
 * The first page of an article's comments, in the page itself: readable without JavaScript and
 * kept out of search snippets (`data-nosnippet` on the section). Posting, replying and live
 * updates belong to the comments island.
 */
function Comment({ comment, edition }: { comment: Presented; edition: EditionView }) {
  return (
    <li class={`comment comment--depth-${comment.depth}`} id={`comment-${comment.id}`}>
      <article aria-label={comment.author ? `Comment by ${comment.author.name}` : 'Deleted comment'}>
        {comment.status === 'deleted' ? (
          <p class="comment__deleted">This comment was deleted.</p>
        ) : (
          <>
            <p class="comment__meta">
              <strong>{comment.author?.name ?? 'A former reader'}</strong>
              {comment.author?.staff && <span class="badge">Staff</span>}{' '}
              <a href={`#comment-${comment.id}`}>
                <time datetime={comment.createdAt}>{dateline(new Date(comment.createdAt), edition.locale, edition.timeZone)}</time>
              </a>
              {comment.edited && <span class="comment__edited"> (edited)</span>}
            </p>
            <div class="comment__body">
              <CommentText blocks={parseComment(comment.body)} />
            </div>
            {comment.recommendCount > 0 && <p class="comment__recommends">{comment.recommendCount} recommended</p>}
          </>
        )}
      </article>
      {comment.replies.length > 0 && (
        <ol class="comment__replies">
          {comment.replies.map((reply) => (
            <Comment comment={reply} edition={edition} />
          ))}
        </ol>
      )}
      {comment.moreBelow && <p class="comment__more">More replies in this conversation</p>}
    </li>
  );
}

export function CommentsSection({ comments, edition }: { comments: CommentsView; edition: EditionView }) {
  return (
    <section id="comments" class="comments" data-slot="comments" aria-labelledby="comments-title" data-nosnippet>
      <h2 id="comments-title">
        Comments <span class="comments__count">({comments.count})</span>
      </h2>
      {comments.threads.length === 0 ? (
        <p>No comments yet.</p>
      ) : (
        <ol class="comments__threads">
          {comments.threads.map((thread) => (
            <Comment comment={thread} edition={edition} />
          ))}
        </ol>
      )}
    </section>
  );
}
