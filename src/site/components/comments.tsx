import type { CommentsView } from '../loaders.ts';
import type { EditionView } from '../../web/document/model.ts';
import { dateline } from '../../web/time.ts';
import { ThreadList } from '../../comments/index.ts';
import { Island } from '../../web/islands/island.tsx';
import { PolicyLink, type PolicyPage } from '../../web/forms/policy-link.tsx';

/**
 * The first page of an article's comments, in the page itself: readable without JavaScript and
 * kept out of search snippets (`data-nosnippet`). The comments island takes this markup over
 * when it scrolls into view, with the reader's own state, posting, replying and live updates.
 */
export function CommentsSection({
  articleId,
  comments,
  edition,
  standards,
}: {
  articleId: string;
  comments: CommentsView;
  edition: EditionView;
  /** The community standards page, when published: every comment form links it. */
  standards?: PolicyPage | undefined;
}) {
  const when = (iso: string) => dateline(new Date(iso), edition.locale, edition.timeZone);
  return (
    <section id="comments" class="comments" data-slot="comments" aria-labelledby="comments-title" data-nosnippet>
      <Island name="comments" hydrate="visible" props={{ articleId, locale: edition.locale, timeZone: edition.timeZone, standards }}>
        <h2 id="comments-title">
          Comments <span class="comments__count">({comments.count})</span>
        </h2>
        <p class="comments__join">
          <a href={`/account/sign-in?returnTo=${encodeURIComponent(`/discussion/${articleId}`)}`}>Sign in to comment</a>
        </p>
        <PolicyLink page={standards} lead="Comments follow our" />
        {comments.threads.length === 0 ? <p class="comments__empty">No comments yet.</p> : <ThreadList threads={comments.threads} options={{ when }} />}
        {comments.nextCursor && (
          <p class="comments__more">
            <a href={`/discussion/${articleId}?cursor=${encodeURIComponent(comments.nextCursor)}`}>More comments</a>
          </p>
        )}
      </Island>
    </section>
  );
}
