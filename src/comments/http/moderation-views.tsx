import type { FormState } from '../../accounts/http/pages/common.tsx';
import { Csrf, Notices } from '../../accounts/http/pages/common.tsx';
import { parseComment } from '../format/parse.ts';
import { CommentText } from '../format/render.tsx';
import type { QueueItem, QueueName, ReaderHistory } from '../moderation/repository.ts';

/**
 * The moderation pages: plain forms that work without JavaScript; the newsroom script adds the
 * keyboard (j/k to move, a to approve, r to reject with the reason typed, h for the reader's
 * history).
 */
const QUEUE_TITLES: Record<QueueName, string> = { held: 'Held for review', flagged: 'Flagged by readers', recent: 'Latest published' };

function Item({ item, state, back, when }: { item: QueueItem; state: FormState; back: string; when: (d: Date) => string }) {
  return (
    <li class="mod-item" tabindex={-1} data-moderation-item={item.id}>
      <p class="mod-item__meta">
        {item.authorId ? (
          <a href={`/newsroom/moderation/readers/${item.authorId}`} data-key="h">
            {item.authorName}
          </a>
        ) : (
          item.authorName
        )}{' '}
        on <a href={`${item.articlePath}#comments`}>{item.headline}</a> · <time datetime={item.createdAt.toISOString()}>{when(item.createdAt)}</time> · {item.status}
      </p>
      <div class="comment__body">
        <CommentText blocks={parseComment(item.body)} />
      </div>
      {item.findings.length > 0 && (
        <ul class="mod-item__findings" aria-label="What the checks found">
          {item.findings.map((f) => (
            <li class={`finding finding--${f.action}`}>
              <strong>{f.phase}</strong> ({f.action}): {f.reason}
            </li>
          ))}
        </ul>
      )}
      {item.flags.length > 0 && (
        <ul class="mod-item__flags" aria-label="Flags">
          {item.flags.map((f) => (
            <li>
              Flagged: <strong>{f.reason}</strong>
              {f.note && <>: {f.note}</>}
            </li>
          ))}
        </ul>
      )}
      {(item.status === 'held' || item.status === 'published') && (
        <div class="mod-item__actions">
          <form method="post" action={`/newsroom/moderation/comments/${item.id}/approve`} class="inline-form">
            <Csrf state={state} />
            <input type="hidden" name="back" value={back} />
            <button class="button button--primary" type="submit" data-key="a">
              {item.status === 'held' ? 'Approve' : 'Keep'}
            </button>
          </form>
          <form method="post" action={`/newsroom/moderation/comments/${item.id}/reject`} class="inline-form">
            <Csrf state={state} />
            <input type="hidden" name="back" value={back} />
            <label>
              Reason <input name="reason" required maxLength={500} data-key="r" placeholder="Told to the reader" />
            </label>
            <button class="button button--danger" type="submit">
              Reject
            </button>
          </form>
        </div>
      )}
    </li>
  );
}

export function QueuePage(props: { queue: QueueName; items: QueueItem[]; sizes: Record<QueueName, number>; state: FormState; when: (d: Date) => string; notice?: string | undefined }) {
  const back = `/newsroom/moderation?queue=${props.queue}`;
  return (
    <div class="moderation" data-moderation-queue>
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Moderation
      </p>
      <h1>Moderation</h1>
      <nav class="tabs" aria-label="Queues">
        {(Object.keys(QUEUE_TITLES) as QueueName[]).map((q) => (
          <a href={`/newsroom/moderation?queue=${q}`} aria-current={q === props.queue ? 'page' : undefined}>
            {QUEUE_TITLES[q]}
            {q !== 'recent' && ` (${props.sizes[q]})`}
          </a>
        ))}
      </nav>
      <Notices notice={props.notice} error={props.state.error} />
      <p class="hint">Keys: j and k move between comments, a approves, r types a reason to reject, h opens the reader's history.</p>
      {props.items.length ? (
        <ol class="mod-list">
          {props.items.map((item) => (
            <Item item={item} state={props.state} back={back} when={props.when} />
          ))}
        </ol>
      ) : (
        <p>Nothing here: every comment in this queue has been dealt with.</p>
      )}
    </div>
  );
}

export function ReaderHistoryPage({ history, state, when, notice }: { history: ReaderHistory; state: FormState; when: (d: Date) => string; notice?: string | undefined }) {
  const { reader, sanction, counts } = history;
  const back = `/newsroom/moderation/readers/${reader.id}`;
  return (
    <div class="moderation">
      <p class="breadcrumb">
        <a href="/newsroom/moderation">Moderation</a> › {reader.name}
      </p>
      <h1>{reader.name}</h1>
      <Notices notice={notice} error={state.error} />
      <p>
        {reader.email} · {reader.role} · joined {when(reader.createdAt)} · <a href={`/readers/${reader.id}`}>public profile</a>
      </p>
      <p>
        {counts.published} published, {counts.held} held, {counts.rejected} rejected, {counts.deleted} deleted by them, {counts.flagsAgainst} flags from readers.
      </p>
      {sanction ? (
        <form method="post" action={`/newsroom/moderation/readers/${reader.id}/lift`} class="form-error">
          <Csrf state={state} />
          <p>
            <strong>{sanction.kind === 'ban' ? 'Banned' : `Suspended until ${when(sanction.until!)}`}</strong>: {sanction.reason}
          </p>
          <button class="button" type="submit">
            Lift the {sanction.kind}
          </button>
        </form>
      ) : (
        <p>May comment.</p>
      )}
      {reader.role === 'reader' && (
        <form method="post" action={`/newsroom/moderation/readers/${reader.id}/sanction`} class="account-form">
          <Csrf state={state} />
          <input type="hidden" name="back" value={back} />
          <fieldset>
            <legend>Stop this reader commenting</legend>
            <label class="check">
              <input type="radio" name="kind" value="suspension" checked /> Suspend for{' '}
              <input name="days" type="number" min={1} max={365} value="7" aria-label="Days" /> days
            </label>
            <label class="check">
              <input type="radio" name="kind" value="ban" /> Ban
            </label>
          </fieldset>
          <label>
            Reason (the reader is told) <input name="reason" required maxLength={500} />
          </label>
          <button class="button button--danger" type="submit">
            Apply
          </button>
        </form>
      )}
      <h2>Comments</h2>
      {history.comments.length ? (
        <ol class="mod-list">
          {history.comments.map((item) => (
            <Item item={item} state={state} back={back} when={when} />
          ))}
        </ol>
      ) : (
        <p>No comments.</p>
      )}
      <h2>History</h2>
      {history.events.length ? (
        <ul class="mod-history">
          {history.events.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{when(e.at)}</time>: {e.action}
              {e.reason && <> ({e.reason})</>}
              {e.moderator && <> by {e.moderator}</>}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing yet.</p>
      )}
    </div>
  );
}
