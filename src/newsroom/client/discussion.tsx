import { useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';

export interface DiscussionSettings {
  mode: 'open' | 'premoderated' | 'closed';
  closeAfterDays: number | null;
}

/** The article's discussion, for editors: open, read by a moderator first, or closed; and closing by itself. */
export function Discussion({ articleId, initial }: { articleId: string; initial: DiscussionSettings }) {
  const [settings, setSettings] = useState(initial);
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  async function save(next: DiscussionSettings) {
    setSettings(next);
    try {
      setSettings(
        await api<DiscussionSettings>('PUT', `/newsroom/api/articles/${articleId}/discussion`, { mode: next.mode, closeAfterDays: next.closeAfterDays }),
      );
      setMessage({ ok: 'Saved.' });
    } catch (error) {
      setMessage({ error: (error as ApiError).message });
    }
  }
  return (
    <fieldset class="ed-field">
      <legend>Discussion</legend>
      <label for="discussion-mode">Comments</label>
      <select
        id="discussion-mode"
        value={settings.mode}
        onChange={(e) => void save({ ...settings, mode: (e.currentTarget as HTMLSelectElement).value as DiscussionSettings['mode'] })}
      >
        <option value="open">Open</option>
        <option value="premoderated">Read by a moderator first</option>
        <option value="closed">Closed</option>
      </select>
      <label for="discussion-close">Close by itself after (days, empty for never)</label>
      <input
        id="discussion-close"
        type="number"
        min={1}
        max={3650}
        value={settings.closeAfterDays ?? ''}
        onChange={(e) => {
          const raw = (e.currentTarget as HTMLInputElement).value.trim();
          const days = raw === '' ? null : Number(raw);
          if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
            return setMessage({ error: 'Choose a whole number of days from 1 to 3650, or leave it empty.' });
          void save({ ...settings, closeAfterDays: days });
        }}
      />
      {message.ok && <span role="status">{message.ok}</span>}
      {message.error && (
        <p class="field-error" role="alert">
          {message.error}
        </p>
      )}
    </fieldset>
  );
}
