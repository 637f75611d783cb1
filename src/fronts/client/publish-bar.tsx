import { useState } from 'preact/hooks';
import type { FrontTool } from './use-front.ts';
import { actorName } from './types.ts';

const STATES: Record<string, string> = {
  loading: 'Opening…',
  saved: 'Draft saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  conflict: 'Not saved: someone else saved first',
  error: 'Not saved',
};

/** Local date and time for a datetime-local input, an hour from now. */
function inAnHour(): string {
  const d = new Date(Date.now() + 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Save, publish, schedule, and the state of the draft and of what readers see. */
export function PublishBar({ tool }: { tool: FrontTool }) {
  const [when, setWhen] = useState(inAnHour);
  const view = tool.view;
  const busy = tool.state === 'saving' || tool.state === 'loading';
  return (
    <section class="ft-bar" aria-label="Save and publish">
      <p class="ft-bar__state" data-save-state={tool.state}>
        <strong>{STATES[tool.state]}</strong>
        {view && (
          <span>
            {' '}
            · version {view.version}
            {view.actor && `, saved by ${actorName(view.actor)}`} ·{' '}
            {view.publishedNumber
              ? `readers see version ${view.publishedNumber}${view.draftIsPublished && !tool.dirty ? ' (this draft)' : ''}`
              : 'never published'}
          </span>
        )}
      </p>
      <div class="ft-bar__actions">
        <button type="button" class="button" disabled={busy || !tool.dirty} onClick={() => void tool.save()}>
          Save draft
        </button>
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void tool.publish()}>
          Publish
        </button>
        <span class="ft-bar__schedule">
          <label for="ft-when">Publish at</label>{' '}
          <input id="ft-when" type="datetime-local" value={when} onInput={(e) => setWhen((e.currentTarget as HTMLInputElement).value)} />{' '}
          <button type="button" class="button" disabled={busy || !when} onClick={() => void tool.schedule(new Date(when))}>
            Schedule
          </button>
        </span>
      </div>
      {view && view.schedules.length > 0 && (
        <ul class="ft-bar__schedules" aria-label="Scheduled">
          {view.schedules.map((s) => (
            <li>
              Publishes at <time datetime={s.runAt}>{new Date(s.runAt).toLocaleString()}</time> (set by {actorName(s.actor)}){' '}
              <button type="button" class="button" onClick={() => void tool.cancelSchedule(s.id)}>
                Cancel<span class="visually-hidden"> the schedule at {new Date(s.runAt).toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="ft-bar__message" role="status">
        {tool.message}
      </p>
      {tool.editors.length > 0 && <p class="ft-bar__editors">Also here: {tool.editors.join(', ')}</p>}
    </section>
  );
}
