import { useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import type { EditorArticle, Fields } from './fields.ts';
import type { Saver } from './saver.ts';

/**
 * The workflow buttons this person's role allows in the article's state: submit for review,
 * back to draft, publish, schedule, update a live article, unpublish, and corrections or
 * update notes once it is live. Each first saves what is waiting, then acts on that version.
 */

/** The value a datetime-local input wants for a moment, in this browser's time zone. */
const localInput = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

const DONE: Record<string, string> = {
  submit: 'Submitted for review.',
  return: 'Back to draft.',
  publish: 'Published.',
  schedule: 'Scheduled.',
  unpublish: 'Unpublished: readers now see that it was withdrawn.',
  corrections: 'The note is on the article.',
  update: 'The live article is updated.',
};

export function Workflow({
  article,
  saver,
  onDone,
  onError,
  error,
}: {
  article: EditorArticle;
  saver: Saver<Fields>;
  onDone: (next: EditorArticle, message: string) => void;
  onError: (error: ApiError) => void;
  error?: string | undefined;
}) {
  const [at, setAt] = useState(() => localInput(new Date(Date.now() + 60 * 60_000)));
  const [kind, setKind] = useState<'correction' | 'update'>('correction');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { rights, status } = article;

  async function run(action: string, body: Record<string, unknown> = {}) {
    setBusy(true);
    try {
      await saver.flush();
      const next = await api<EditorArticle>('POST', `/newsroom/api/articles/${article.id}/${action}`, { ...body, version: saver.version });
      if (action === 'corrections') setNote('');
      onDone(next, DONE[action] ?? 'Done.');
    } catch (e) {
      onError(e instanceof ApiError ? e : new ApiError(0, 'error', String(e)));
    } finally {
      setBusy(false);
    }
  }

  async function updateLive() {
    setBusy(true);
    try {
      await saver.flush();
      onDone(article, DONE.update!);
    } catch (e) {
      onError(e as ApiError);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await api('DELETE', `/newsroom/api/articles/${article.id}`);
      saver.discard();
      location.assign('/newsroom');
    } catch (e) {
      onError(e as ApiError);
      setBusy(false);
    }
  }

  const live = status === 'published' || status === 'scheduled';
  return (
    <section class="workflow" aria-label="Workflow">
      <h2>Workflow</h2>
      {rights.edit && live && (
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void updateLive()}>
          Update {status === 'published' ? 'the live article' : 'the scheduled article'}
        </button>
      )}
      {rights.submit && (status === 'draft' || status === 'unpublished') && (
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void run('submit')}>
          Submit for review
        </button>
      )}
      {rights.return && status === 'in_review' && (
        <button type="button" class="button" disabled={busy} onClick={() => void run('return')}>
          Back to draft
        </button>
      )}
      {rights.publish && status !== 'published' && (
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void run('publish')}>
          Publish now
        </button>
      )}
      {rights.schedule && status !== 'published' && (
        <form
          class="workflow__schedule"
          onSubmit={(e) => {
            e.preventDefault();
            const when = new Date(at);
            if (Number.isNaN(when.getTime())) return onError(new ApiError(400, 'invalid', 'Choose a date and time to publish at.', 'at'));
            void run('schedule', { at: when.toISOString() });
          }}
        >
          <label for="schedule-at">Publish at (your time)</label>
          <input id="schedule-at" type="datetime-local" value={at} onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)} required />
          <button type="submit" class="button" disabled={busy}>
            {status === 'scheduled' ? 'Reschedule' : 'Schedule'}
          </button>
        </form>
      )}
      {rights.unpublish && live && (
        <button type="button" class="button button--danger" disabled={busy} onClick={() => void run('unpublish')}>
          {status === 'scheduled' ? 'Cancel the schedule' : 'Unpublish'}
        </button>
      )}
      {rights.delete && !article.publishedAt && (
        <p class="workflow__delete">
          {confirmDelete ? (
            <>
              Delete this article for good?{' '}
              <button type="button" class="button button--danger" disabled={busy} onClick={() => void remove()}>
                Yes, delete it
              </button>{' '}
              <button type="button" class="button" onClick={() => setConfirmDelete(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" class="button" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </p>
      )}
      {!rights.publish && !rights.submit && status === 'draft' && <p class="workflow__hint">When the draft is ready, a writer or an editor takes it on.</p>}
      {!rights.publish && status === 'in_review' && <p class="workflow__hint">Waiting for an editor to publish or schedule it.</p>}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}

      {status === 'published' && rights.correct && (
        <form
          class="workflow__correction"
          onSubmit={(e) => {
            e.preventDefault();
            void run('corrections', { kind, note });
          }}
        >
          <h3>Correction or update note</h3>
          <p class="workflow__kinds">
            <label>
              <input type="radio" name="kind" checked={kind === 'correction'} onChange={() => setKind('correction')} /> Correction
            </label>
            <label>
              <input type="radio" name="kind" checked={kind === 'update'} onChange={() => setKind('update')} /> Update
            </label>
          </p>
          <label for="correction-note">Note shown to readers</label>
          <textarea id="correction-note" rows={3} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} required />
          <button type="submit" class="button" disabled={busy || !note.trim()}>
            Add to the article
          </button>
        </form>
      )}
      {article.corrections.length > 0 && (
        <ul class="workflow__notes">
          {article.corrections.map((c) => (
            <li>
              <strong>{c.kind === 'correction' ? 'Correction' : 'Update'}</strong> {new Date(c.createdAt).toLocaleString()}: {c.note}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
