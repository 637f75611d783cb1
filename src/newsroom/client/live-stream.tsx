import { useState } from 'preact/hooks';
import { EntryEditor } from './live-entry-editor.tsx';
import { plainText, type ComposerEntry, type LiveApi } from './live-model.ts';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '');

const STATUS: Record<ComposerEntry['status'], string> = {
  draft: 'Your draft',
  held: 'Waiting for an editor',
  scheduled: 'Scheduled',
  published: 'Published',
  deleted: 'Deleted',
};

/**
 * The blog's entries as the newsroom sees them: held and scheduled ones first, then what readers
 * see, each with only the buttons this person's role allows.
 */
export function LiveStream({
  entries,
  calls,
  onChanged,
  onError,
}: {
  entries: ComposerEntry[];
  calls: LiveApi;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const run = (write: () => Promise<unknown>) => () => void write().then(onChanged, onError);
  const shown = entries.filter((e) => e.status !== 'draft');
  if (!shown.length) return <p class="live-stream__empty">No entries yet.</p>;
  return (
    <ol class="live-stream" aria-label="Entries">
      {shown.map((e) => (
        <li key={e.id} class={`live-entry live-entry--${e.status}`} data-entry-id={e.id}>
          <p class="live-entry__meta">
            <strong>{STATUS[e.status]}</strong>
            {e.status === 'published' && ` ${time(e.publishedAt)}`}
            {e.status === 'scheduled' && ` for ${new Date(e.scheduledAt ?? '').toLocaleString()}`}
            {e.updatedAt && ' · Updated'}
            {e.keyEvent && ' · Key event'}
            {e.pinned && ' · Pinned'}
            {e.writers.length > 0 && ` · ${e.writers.map((w) => w.name).join(', ')}`}
          </p>
          {editing === e.id ? (
            <EntryEditor
              entry={e}
              calls={calls}
              onError={onError}
              onDone={() => {
                setEditing(null);
                onChanged();
              }}
            />
          ) : (
            <>
              {e.title && <h3 class="live-entry__title">{e.title}</h3>}
              <p class="live-entry__text">{plainText(e.body)}</p>
            </>
          )}
          <p class="live-entry__actions">
            {e.rights.edit && editing !== e.id && (
              <button type="button" onClick={() => setEditing(e.id)}>
                Edit
              </button>
            )}
            {e.status !== 'published' && e.rights['publish-held'] && (
              <button type="button" onClick={run(() => calls.release(e.id, e.version, 'publish'))}>
                Publish now
              </button>
            )}
            {e.status === 'published' && e.rights['key-event'] && (
              <button type="button" aria-pressed={e.keyEvent} onClick={run(() => calls.save(e.id, { keyEvent: !e.keyEvent, version: e.version }))}>
                Key event
              </button>
            )}
            {e.status === 'published' && e.rights.pin && (
              <button type="button" aria-pressed={e.pinned} onClick={run(() => calls.save(e.id, { pinned: !e.pinned, version: e.version }))}>
                Pin
              </button>
            )}
            {e.rights.delete && (
              <button
                type="button"
                class="danger"
                onClick={() => {
                  if (confirm('Delete this entry? Readers lose it at once.')) run(() => calls.remove(e.id, e.version))();
                }}
              >
                Delete
              </button>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}
