import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EDIT_WINDOW_MS, MAX_DEPTH } from '../limits.ts';
import type { Presented, PresentedComment } from '../present.ts';
import { parseComment } from '../format/parse.ts';
import { CommentText } from '../format/render.tsx';
import { mergeComment } from '../view/merge.ts';
import { ThreadList, type ThreadOptions } from '../view/thread.tsx';
import { followLiveStream } from '../../web/islands/live-stream.ts';
import { dateline } from '../../web/time.ts';
import type { PolicyPage } from '../../web/forms/policy-link.tsx';
import { call, threadsUrl, type Me, type Mine, type Page } from './api.ts';
import { CommentForm, FlagForm } from './forms.tsx';

/**
 * The comments island. It takes over the server-rendered first page (same markup, see
 * comments/view/thread.tsx) once the reader scrolls near it, with what only this reader may
 * see: their held comments and why, their recommendations, the reply and report forms, and
 * live updates from the server (Server-Sent Events) as others post.
 */
interface Props {
  articleId: string;
  locale: string;
  timeZone: string;
  page: Page;
  me: Me;
  mine: Mine | null;
  /** The community standards page, if published: linked from every comment form. */
  standards?: PolicyPage | undefined;
}

type Sort = 'newest' | 'oldest' | 'recommended';
interface Notice {
  from: string;
  excerpt: string;
  url: string;
  headline: string;
}

export async function prepare(props: Pick<Props, 'articleId' | 'locale' | 'timeZone' | 'standards'>): Promise<Props> {
  const [page, me] = await Promise.all([call<Page>('GET', threadsUrl(props.articleId, 'newest')), call<Me>('GET', '/api/me')]);
  const mine = me.signedIn ? await call<Mine>('GET', `/api/articles/${props.articleId}/comments/mine`).catch(() => null) : null;
  return { ...props, page, me, mine };
}

export default function Comments({ articleId, locale, timeZone, page, me, mine, standards }: Props) {
  const [threads, setThreads] = useState(page.threads);
  const [count, setCount] = useState(page.count);
  const [cursor, setCursor] = useState(page.nextCursor);
  const [sort, setSort] = useState<Sort>('newest');
  const [held, setHeld] = useState(mine?.held ?? []);
  const [recommended, setRecommended] = useState(new Set(mine?.recommended ?? []));
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [flagging, setFlagging] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [live, setLive] = useState(false);
  /** The stream kept failing and its retries gave up: the reader is told, so they do not wait for comments that will not come. */
  const [stopped, setStopped] = useState(false);
  const csrf = me.csrfToken;
  const self = me.user?.id;
  const sortRef = useRef(sort);
  sortRef.current = sort;

  /** A comment as it now is, from the stream or from the reader's own action. */
  const take = (comment: PresentedComment) => {
    setThreads((current) => {
      const merged = mergeComment(current, comment);
      if (merged.delta) setCount((n) => n + merged.delta);
      return merged.threads;
    });
    // Published or deleted, it waits no more; a withheld marker (the broadcast never says more) leaves the reader's own list as it is.
    setHeld((current) => (comment.status === 'published' || comment.status === 'deleted' ? current.filter((h) => h.id !== comment.id) : current));
  };

  useEffect(() => {
    setStopped(false);
    const stream = followLiveStream({
      url: () => `/api/articles/${articleId}/comments/live`,
      onLive: setLive,
      onGiveUp: () => setStopped(true),
      listen: (source) => {
        source.addEventListener('comment', (event) => take(JSON.parse((event as MessageEvent).data)));
        source.addEventListener('notification', (event) => setNotice(JSON.parse((event as MessageEvent).data)));
      },
    });
    return stream.close;
  }, [articleId]);

  const when = useMemo(() => (iso: string) => dateline(new Date(iso), locale, timeZone), [locale, timeZone]);

  async function act(work: () => Promise<void>) {
    setMessage('');
    try {
      await work();
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  async function reload(nextSort: Sort) {
    await act(async () => {
      const fresh = await call<Page>('GET', threadsUrl(articleId, nextSort));
      setSort(nextSort);
      setThreads(fresh.threads);
      setCursor(fresh.nextCursor);
      setCount(fresh.count);
    });
  }

  const more = () =>
    act(async () => {
      const next = await call<Page>('GET', threadsUrl(articleId, sortRef.current, cursor));
      // A thread that arrived live meanwhile may also be on the next page: shown once.
      setThreads((current) => [...current, ...next.threads.filter((t) => !current.some((c) => c.id === t.id))]);
      setCursor(next.nextCursor);
    });

  const posted = (result: { comment: PresentedComment; held?: boolean; reason?: string }) => {
    if (result.held) {
      setHeld((current) => [{ ...result.comment, reason: result.reason ?? '' }, ...current.filter((h) => h.id !== result.comment.id)]);
      // An edit that sends a shown comment to a moderator takes it off the thread, as for everyone else.
      take({ ...result.comment, status: 'withheld', body: '', author: null, edited: false });
    } else take(result.comment);
    setReplyTo(null);
    setEditing(null);
  };

  const recommend = (comment: Presented) =>
    act(async () => {
      const on = !recommended.has(comment.id);
      const result = await call<{ recommendCount: number }>(on ? 'POST' : 'DELETE', `/api/comments/${comment.id}/recommend`, csrf);
      const next = new Set(recommended);
      if (on) next.add(comment.id);
      else next.delete(comment.id);
      setRecommended(next);
      take({ ...comment, recommendCount: result.recommendCount });
    });

  const remove = (comment: Presented) =>
    act(async () => {
      if (!confirm('Delete this comment? Replies to it stay.')) return;
      await call('DELETE', `/api/comments/${comment.id}`, csrf);
      take({ ...comment, status: 'deleted', body: '', author: null });
    });

  const canWrite = me.signedIn && me.user?.emailVerified;
  const options: ThreadOptions = {
    when,
    actions: (comment) => {
      const own = comment.author?.id === self;
      const mayEdit = own && Date.now() - Date.parse(comment.createdAt) < EDIT_WINDOW_MS;
      return (
        <div class="comment__actions">
          {canWrite && !own ? (
            <button type="button" class="link-button" aria-pressed={recommended.has(comment.id)} onClick={() => recommend(comment)}>
              {recommended.has(comment.id) ? 'Recommended' : 'Recommend'} ({comment.recommendCount})
            </button>
          ) : (
            comment.recommendCount > 0 && <span class="comment__recommends">{comment.recommendCount} recommended</span>
          )}
          {canWrite && comment.depth < MAX_DEPTH && (
            <button
              type="button"
              class="link-button"
              aria-expanded={replyTo === comment.id}
              onClick={() => setReplyTo(replyTo === comment.id ? null : comment.id)}
            >
              Reply
            </button>
          )}
          {mayEdit && (
            <button type="button" class="link-button" onClick={() => setEditing(editing === comment.id ? null : comment.id)}>
              Edit
            </button>
          )}
          {own && (
            <button type="button" class="link-button" onClick={() => remove(comment)}>
              Delete
            </button>
          )}
          {canWrite && !own && (
            <button
              type="button"
              class="link-button"
              aria-expanded={flagging === comment.id}
              onClick={() => setFlagging(flagging === comment.id ? null : comment.id)}
            >
              Report
            </button>
          )}
        </div>
      );
    },
    after: (comment) =>
      replyTo === comment.id ? (
        <CommentForm articleId={articleId} csrf={csrf} standards={standards} parent={comment} onDone={posted} onCancel={() => setReplyTo(null)} />
      ) : editing === comment.id ? (
        <CommentForm articleId={articleId} csrf={csrf} standards={standards} editing={comment} onDone={posted} onCancel={() => setEditing(null)} />
      ) : flagging === comment.id ? (
        <FlagForm commentId={comment.id} csrf={csrf} onDone={() => setFlagging(null)} />
      ) : null,
  };

  return (
    <>
      <h2 id="comments-title">
        Comments <span class="comments__count">({count})</span>
      </h2>
      <div class="comments__bar">
        <label>
          Sort{' '}
          <select value={sort} onChange={(event) => reload((event.target as HTMLSelectElement).value as Sort)}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="recommended">Most recommended</option>
          </select>
        </label>
        <span class="comments__live" aria-live="polite">
          {live ? 'Live: new comments appear here' : stopped ? 'New comments have stopped appearing. Reload the page to check for the latest.' : ''}
        </span>
      </div>
      {notice && (
        <p class="comments__notice" role="status">
          <strong>{notice.from}</strong> replied to your comment: “{notice.excerpt}” <a href={notice.url}>Read it</a>{' '}
          <button type="button" class="link-button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      )}
      {!me.signedIn ? (
        <p class="comments__join">
          <a href={`/account/sign-in?returnTo=${encodeURIComponent(location.pathname + '#comments')}`}>Sign in to comment</a>
        </p>
      ) : !canWrite ? (
        <p class="comments__join">Confirm your e-mail address to comment: we sent you a link when you registered.</p>
      ) : (
        <CommentForm articleId={articleId} csrf={csrf} standards={standards} onDone={posted} />
      )}
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      {held.length > 0 && (
        <ol class="comments__held" aria-label="Your comments waiting for a moderator">
          {held.map((h) => (
            <li class="comment comment--held" id={`comment-${h.id}`}>
              <p class="comment__meta">
                <strong>Waiting for a moderator:</strong> {h.reason}
              </p>
              <div class="comment__body">
                <CommentText blocks={parseComment(h.body)} />
              </div>
            </li>
          ))}
        </ol>
      )}
      {threads.length === 0 ? <p class="comments__empty">No comments yet.</p> : <ThreadList threads={threads} options={options} />}
      {cursor && (
        <p class="comments__more">
          <button type="button" class="button" onClick={more}>
            More comments
          </button>
        </p>
      )}
    </>
  );
}
