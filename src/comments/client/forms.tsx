import { useRef, useState } from 'preact/hooks';
import type { PresentedComment } from '../present.ts';
import { PolicyLink, type PolicyPage } from '../../web/forms/policy-link.tsx';
import { call } from './api.ts';

type Posted = { comment: PresentedComment; held?: boolean; reason?: string };

/** A fresh key per draft: pressing Post twice, or a retry after a dropped answer, makes one comment. */
const newKey = () => crypto.randomUUID();

/** Writing a comment, a reply, or a change to one's own comment. */
export function CommentForm(props: {
  articleId: string;
  csrf: string | undefined;
  parent?: PresentedComment;
  editing?: PresentedComment;
  onDone: (result: Posted) => void;
  onCancel?: () => void;
  /** The community standards page, linked under the box when it is published. */
  standards?: PolicyPage | undefined;
}) {
  const { parent, editing } = props;
  const [text, setText] = useState(editing?.body ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const label = editing ? 'Change your comment' : parent ? `Reply to ${parent.author?.name ?? 'this comment'}` : 'Join the discussion';

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      const result = editing
        ? await call<Posted>('PATCH', `/api/comments/${editing.id}`, props.csrf, { text })
        : await call<Posted>('POST', `/api/articles/${props.articleId}/comments`, props.csrf, {
            text,
            ...(parent ? { parentId: parent.id } : {}),
            idempotencyKey: key.current,
          });
      setText('');
      key.current = newKey();
      props.onDone(result);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="comment-form" onSubmit={submit}>
      <label>
        {label}
        <textarea
          name="text"
          rows={parent || editing ? 3 : 4}
          value={text}
          onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          required
        />
      </label>
      <p class="hint">Plain text: a blank line starts a paragraph, a line starting with "&gt; " quotes, web addresses become links.</p>
      <PolicyLink page={props.standards} lead="Please keep to our" />
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button class="button button--primary" type="submit" disabled={busy}>
        {editing ? 'Save' : parent ? 'Post reply' : 'Post comment'}
      </button>{' '}
      {props.onCancel && (
        <button class="button" type="button" onClick={props.onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}

const REASONS: Record<string, string> = {
  abuse: 'Abusive or hateful',
  spam: 'Spam or advertising',
  'off-topic': 'Off topic',
  'personal-information': 'Shares personal information',
  other: 'Something else',
};

/** Reporting a comment to the moderators, with a reason. */
export function FlagForm({ commentId, csrf, onDone }: { commentId: string; csrf: string | undefined; onDone: () => void }) {
  const [reason, setReason] = useState('abuse');
  const [note, setNote] = useState('');
  const [state, setState] = useState<'open' | 'sent' | string>('open');

  async function submit(event: Event) {
    event.preventDefault();
    try {
      await call('POST', `/api/comments/${commentId}/flags`, csrf, { reason, ...(note ? { note } : {}) });
      setState('sent');
      setTimeout(onDone, 2_000);
    } catch (failure) {
      setState((failure as Error).message);
    }
  }

  if (state === 'sent') return <p role="status">Thank you: a moderator will look at it.</p>;
  return (
    <form class="comment-form" onSubmit={submit}>
      <label>
        Why report this comment?{' '}
        <select value={reason} onChange={(event) => setReason((event.target as HTMLSelectElement).value)}>
          {Object.entries(REASONS).map(([value, text]) => (
            <option value={value}>{text}</option>
          ))}
        </select>
      </label>
      <label>
        Anything to add (optional) <input value={note} maxLength={500} onInput={(event) => setNote((event.target as HTMLInputElement).value)} />
      </label>
      {state !== 'open' && (
        <p class="form-error" role="alert">
          {state}
        </p>
      )}
      <button class="button" type="submit">
        Report
      </button>
    </form>
  );
}
