import { type FormState, ActionButton, Csrf, Notices } from '../../web/forms/components.tsx';
import { parseComment } from '../format/parse.ts';
import { CommentText } from '../format/render.tsx';
import type { ListedComment, Profile } from '../follows/repository.ts';
import type { ReplyNotice } from '../notifications/repository.ts';
import { REPLY_MAIL_CHOICES } from '../notifications/service.ts';
import type { Presented, PresentedComment } from '../present.ts';
import type { ReplyMail } from '../tables.ts';
import { markerText, ThreadList, type ThreadOptions } from '../view/thread.tsx';

/** The reader-facing comment pages: a conversation, a discussion page, a profile, the reader's feeds. */

interface Where {
  headline: string;
  url: string;
}

/** A comment in its own view: the comments above it for context, then everything below it. */
export function ConversationPage({
  article,
  above,
  thread,
  options,
}: {
  article: Where;
  above: PresentedComment[];
  thread: Presented;
  options: ThreadOptions;
}) {
  return (
    <div class="comments comments--page" data-nosnippet>
      <p class="comments__context">
        A conversation on <a href={`${article.url}#comments`}>{article.headline}</a>
      </p>
      {above.length > 0 && (
        <ol class="comments__above" aria-label="Earlier in the conversation">
          {above.map((c) => {
            // A comment readers may not read is a marker here too: no text, no name, no link.
            const marker = markerText(c.status);
            return marker ? (
              <li class="comment comment--context">
                <p class="comment__deleted">{marker}</p>
              </li>
            ) : (
              <li class="comment comment--context">
                <p class="comment__meta">
                  {c.author ? <a href={`/readers/${c.author.id}`}>{c.author.name}</a> : 'A former reader'}{' '}
                  <a href={`/comments/${c.id}`}>
                    <time datetime={c.createdAt}>{options.when(c.createdAt)}</time>
                  </a>
                </p>
                <div class="comment__body">
                  <CommentText blocks={parseComment(c.body)} />
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <ThreadList threads={[thread]} options={options} />
    </div>
  );
}

/** A page of an article's threads, for readers without JavaScript (the island loads more in place). */
export function DiscussionPage({
  article,
  threads,
  nextCursor,
  articleId,
  options,
}: {
  article: Where;
  threads: Presented[];
  nextCursor: string | null;
  articleId: string;
  options: ThreadOptions;
}) {
  return (
    <div class="comments comments--page" data-nosnippet>
      <h1>
        Comments on <a href={`${article.url}#comments`}>{article.headline}</a>
      </h1>
      {threads.length ? <ThreadList threads={threads} options={options} /> : <p>No more comments.</p>}
      {nextCursor && (
        <p class="comments__more">
          <a href={`/discussion/${articleId}?cursor=${encodeURIComponent(nextCursor)}`}>More comments</a>
        </p>
      )}
    </div>
  );
}

function Listed({ items, when, showAuthor }: { items: ListedComment[]; when: (iso: string) => string; showAuthor: boolean }) {
  return (
    <ol class="comment-list">
      {items.map((c) => (
        <li class="comment-list__item">
          <p class="comment__meta">
            {showAuthor && (
              <>
                <a href={`/readers/${c.authorId}`}>{c.authorName}</a>{' '}
              </>
            )}
            on <a href={`${c.articlePath}#comments`}>{c.headline}</a>,{' '}
            <a href={`/comments/${c.id}`}>
              <time datetime={c.createdAt.toISOString()}>{when(c.createdAt.toISOString())}</time>
            </a>
            {c.edited && ' (edited)'}
          </p>
          <div class="comment__body">
            <CommentText blocks={parseComment(c.body)} />
          </div>
        </li>
      ))}
    </ol>
  );
}

const olderLink = (base: string, items: { createdAt: Date }[], limit: number) =>
  items.length === limit && (
    <p class="comments__more">
      <a href={`${base}?before=${encodeURIComponent(items.at(-1)!.createdAt.toISOString())}`}>Older comments</a>
    </p>
  );

export function ProfilePage(props: {
  profile: Profile;
  items: ListedComment[];
  limit: number;
  when: (iso: string) => string;
  viewer: { state: FormState; following: boolean } | null;
  self: boolean;
}) {
  const { profile, viewer } = props;
  return (
    <div class="reader-profile">
      <h1>{profile.name}</h1>
      {profile.bio && <p class="reader-profile__bio">{profile.bio}</p>}
      <p class="reader-profile__facts">
        {profile.comments} comment{profile.comments === 1 ? '' : 's'} · {profile.followers} follower{profile.followers === 1 ? '' : 's'} · reading since{' '}
        {props.when(profile.since.toISOString()).replace(/ \d\d:\d\d.*$/, '')}
      </p>
      {viewer && !props.self && (
        <ActionButton
          state={viewer.state}
          action={`/readers/${profile.id}/${viewer.following ? 'unfollow' : 'follow'}`}
          label={viewer.following ? 'Following: stop' : 'Follow'}
          what={profile.name}
        />
      )}
      {!viewer && (
        <p>
          <a href={`/account/sign-in?returnTo=${encodeURIComponent(`/readers/${profile.id}`)}`}>Sign in to follow {profile.name}</a>
        </p>
      )}
      <h2>Comments</h2>
      {props.items.length ? <Listed items={props.items} when={props.when} showAuthor={false} /> : <p>No comments to show.</p>}
      {olderLink(`/readers/${profile.id}`, props.items, props.limit)}
    </div>
  );
}

/** The reader's own comment pages: replies to them (with the e-mail choice) and comments from people they follow. */
function Tabs({ here }: { here: 'replies' | 'following' }) {
  return (
    <nav class="tabs" aria-label="Your discussions">
      <a href="/account/replies" aria-current={here === 'replies' ? 'page' : undefined}>
        Replies to you
      </a>
      <a href="/account/following" aria-current={here === 'following' ? 'page' : undefined}>
        From people you follow
      </a>
    </nav>
  );
}

export function RepliesPage({
  notices,
  when,
  state,
  choice,
  notice,
}: {
  notices: ReplyNotice[];
  when: (iso: string) => string;
  state: FormState;
  choice: ReplyMail;
  notice?: string | undefined;
}) {
  return (
    <div class="reader-feed">
      <Tabs here="replies" />
      <h1>Replies to you</h1>
      <Notices notice={notice} error={state.error} />
      {notices.length ? (
        <ol class="comment-list">
          {notices.map((n) => (
            <li class={`comment-list__item${n.read ? '' : ' comment-list__item--unread'}`}>
              <p class="comment__meta">
                {n.fromId ? <a href={`/readers/${n.fromId}`}>{n.fromName}</a> : n.fromName} replied on <a href={`${n.articlePath}#comments`}>{n.headline}</a>,{' '}
                <a href={`/comments/${n.commentId}`}>
                  <time datetime={n.at.toISOString()}>{when(n.at.toISOString())}</time>
                </a>
                {!n.read && <span class="badge">New</span>}
              </p>
              <div class="comment__body">
                <CommentText blocks={parseComment(n.body)} />
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p>No replies yet. When someone answers one of your comments, it appears here.</p>
      )}
      <form method="post" action="/account/replies/mail" class="account-form">
        <Csrf state={state} />
        <fieldset>
          <legend>E-mail me about replies</legend>
          {Object.entries(REPLY_MAIL_CHOICES).map(([value, label]) => (
            <label class="check">
              <input type="radio" name="replyMail" value={value} checked={value === choice} /> {label}
            </label>
          ))}
        </fieldset>
        <button class="button" type="submit">
          Save
        </button>
      </form>
    </div>
  );
}

export function FollowingPage({
  items,
  following,
  when,
  limit,
  state,
}: {
  items: ListedComment[];
  following: { id: string; name: string }[];
  when: (iso: string) => string;
  limit: number;
  state: FormState;
}) {
  return (
    <div class="reader-feed">
      <Tabs here="following" />
      <h1>From people you follow</h1>
      {following.length ? (
        <ul class="following">
          {following.map((f) => (
            <li>
              <a href={`/readers/${f.id}`}>{f.name}</a>{' '}
              <ActionButton state={state} action={`/readers/${f.id}/unfollow`} fields={{ back: '/account/following' }} label="Stop following" what={f.name} />
            </li>
          ))}
        </ul>
      ) : (
        <p>You follow no one yet: open a reader's name under a comment and choose Follow.</p>
      )}
      {items.length > 0 && <Listed items={items} when={when} showAuthor />}
      {olderLink('/account/following', items, limit)}
    </div>
  );
}
