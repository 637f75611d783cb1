import { type FormState, Csrf, Notices } from '../../web/forms/components.tsx';
import { parseComment } from '../format/parse.ts';
import { CommentText } from '../format/render.tsx';
import type { QueueItem, QueueName, ReaderHistory } from '../moderation/repository.ts';
import type { TunableSettings } from '../moderation/settings.ts';

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
        on <a href={`${item.articlePath}#comments`}>{item.headline}</a> · <time datetime={item.createdAt.toISOString()}>{when(item.createdAt)}</time> ·{' '}
        {item.status}
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

export function QueuePage(props: {
  queue: QueueName;
  items: QueueItem[];
  sizes: Record<QueueName, number>;
  state: FormState;
  when: (d: Date) => string;
  notice?: string | undefined;
}) {
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
      <p>
        <a href="/newsroom/moderation/settings">Moderation settings</a>: word lists, links, new readers, pace, the classifier.
      </p>
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

export function ReaderHistoryPage({
  history,
  state,
  when,
  notice,
}: {
  history: ReaderHistory;
  state: FormState;
  when: (d: Date) => string;
  notice?: string | undefined;
}) {
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
        {counts.published} published, {counts.held} held, {counts.rejected} rejected, {counts.deleted} deleted by them, {counts.flagsAgainst} flags from
        readers.
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

export function ModerationSettingsPage({ settings, state, notice }: { settings: TunableSettings; state: FormState; notice?: string | undefined }) {
  const v = state.values;
  const value = (name: keyof TunableSettings | 'classifierHoldPercent', fallback: string) => v?.[name] ?? fallback;
  return (
    <div class="moderation">
      <p class="breadcrumb">
        <a href="/newsroom/moderation">Moderation</a> › Settings
      </p>
      <h1>Moderation settings</h1>
      <Notices notice={notice} error={state.error} />
      <form method="post" action="/newsroom/moderation/settings" class="account-form">
        <Csrf state={state} />
        <label for="bannedWords">Banned words and phrases (one per line): a comment using one is refused</label>
        <textarea id="bannedWords" name="bannedWords" rows={5}>
          {value('bannedWords', settings.bannedWords.join('\n'))}
        </textarea>
        <label for="suspectWords">Suspect words and phrases (one per line): a comment using one waits for a moderator</label>
        <textarea id="suspectWords" name="suspectWords" rows={5}>
          {value('suspectWords', settings.suspectWords.join('\n'))}
        </textarea>
        <p class="hint">
          Matching ignores case, accents and spacing tricks. A refused reader is not told which banned word they used; a held comment's reason names the suspect
          words it has.
        </p>
        <label for="maxLinks">Links before a comment waits for a moderator</label>
        <input id="maxLinks" name="maxLinks" type="number" min={0} max={20} value={value('maxLinks', String(settings.maxLinks))} />
        <label for="newReaderComments">First comments of a new reader read by a moderator</label>
        <input
          id="newReaderComments"
          name="newReaderComments"
          type="number"
          min={0}
          max={20}
          value={value('newReaderComments', String(settings.newReaderComments))}
        />
        <label for="ratePerMinute">Comments per reader per minute</label>
        <input id="ratePerMinute" name="ratePerMinute" type="number" min={1} max={60} value={value('ratePerMinute', String(settings.ratePerMinute))} />
        <label for="classifierHoldPercent">Classifier score (percent) from which a comment waits</label>
        <input
          id="classifierHoldPercent"
          name="classifierHoldPercent"
          type="number"
          min={30}
          max={100}
          value={value('classifierHoldPercent', String(Math.round(settings.classifierHoldAt * 100)))}
        />
        <button class="button button--primary" type="submit">
          Save
        </button>
      </form>
    </div>
  );
}
