import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, useCsrf } from './api.ts';
import { EntryBody, keepEnterInBody, ownSubmit, useEntryBody } from './entry-body.tsx';
import { emptyDraft, liveApi, sendLabel, type BlogInfo, type ComposerEntry, type DraftFields } from './live-model.ts';
import { LiveBlogControls } from './live-controls.tsx';
import { LiveStream } from './live-stream.tsx';
import { SaveStatus } from './save-status.tsx';
import { Saver, type SaveState } from './saver.ts';

/** How often the stream asks for others' entries while the page is in view (and at once when it regains focus). */
const REFRESH_MS = 4_000;

/**
 * The live blog composer: a fast entry form (Ctrl/Cmd+Enter sends) whose draft autosaves as an
 * entry of its own, and below it the blog's entries, refreshed every few seconds so several
 * writers see each other's work.
 */
export default function LiveComposer({ articleId, csrf }: { articleId: string; csrf: string }) {
  useCsrf(csrf);
  const calls = useRef(liveApi(articleId)).current;
  const storageKey = `masthead:live-draft:${articleId}`;
  const [info, setInfo] = useState<BlogInfo | null>(null);
  const [entries, setEntries] = useState<ComposerEntry[]>([]);
  const [draft, setDraft] = useState<DraftFields>(emptyDraft);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved', at: null });
  const [message, setMessage] = useState('');
  const [scheduleAt, setScheduleAt] = useState('');
  const draftRef = useRef(draft);
  const draftId = useRef<string | null>(null);
  const creating = useRef<Promise<string> | null>(null);

  /** The draft entry this form writes into, started on the first keystroke. */
  function ensureDraft(): Promise<string> {
    if (draftId.current) return Promise.resolve(draftId.current);
    creating.current ??= calls.create({}).then((made) => {
      draftId.current = made.id;
      return made.id;
    });
    return creating.current;
  }

  const saverRef = useRef<Saver<DraftFields> | null>(null);
  saverRef.current ??= new Saver<DraftFields>({
    storageKey,
    version: 1,
    auto: true,
    onState: setSaveState,
    send: async (fields, version) => {
      const id = await ensureDraft();
      const { pinned: _pinned, ...saved } = fields;
      return (await calls.save(id, { ...saved, version })).version;
    },
  });
  const saver = saverRef.current;

  function change(next: DraftFields) {
    draftRef.current = next;
    setDraft(next);
    saver.changed(next);
  }

  const body = useEntryBody([], (blocks) => change({ ...draftRef.current, body: blocks }));
  const showBody = body.show;

  const report = (error: unknown) => setMessage(error instanceof ApiError ? error.message : 'Something went wrong; try again.');

  async function refresh() {
    try {
      const [nextInfo, list] = await Promise.all([calls.info(), calls.entries().catch(() => null)]);
      setInfo(nextInfo);
      if (list) setEntries(list.items);
      return list?.items ?? [];
    } catch (error) {
      report(error);
      return [];
    }
  }

  useEffect(() => {
    // A reload keeps the draft: the server's copy of this person's draft, or this browser's newer one.
    void calls.info().then((first) => {
      // A new entry is the writer's own unless they name others.
      if (!draftRef.current.writers.length && first.mySlug) draftRef.current = { ...draftRef.current, writers: [first.mySlug] };
      setDraft(draftRef.current);
    });
    void refresh().then((items) => {
      const mine = items.find((e) => e.own && e.status === 'draft');
      const kept = Saver.unsaved<DraftFields>(storageKey);
      if (mine) {
        draftId.current = mine.id;
        saver.version = mine.version;
        const fields = { title: mine.title, writers: mine.writers.map((w) => w.slug), body: mine.body, keyEvent: mine.keyEvent, pinned: false };
        draftRef.current = fields;
        setDraft(fields);
        showBody(fields.body, mine.references);
      }
      if (kept && (mine || kept.baseVersion === 1)) {
        draftRef.current = kept.fields;
        setDraft(kept.fields);
        // This browser's copy names pictures the server's copy may not have yet; those show without their thumbnail.
        showBody(kept.fields.body, mine?.references);
        saver.changed(kept.fields);
      }
      document.body.dataset.composerReady = 'true';
    });
    const timer = setInterval(() => document.visibilityState === 'visible' && void refresh(), REFRESH_MS);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  /** Sends the draft on: published, held for an editor, or scheduled; then the form is empty for the next one. */
  async function send(as: 'publish' | 'hold' | 'schedule') {
    setMessage('');
    try {
      if (!draftId.current && !saver.hasChanges) return setMessage('Write something first.');
      await saver.flush();
      const id = await ensureDraft();
      const at = as === 'schedule' ? new Date(scheduleAt).toISOString() : undefined;
      let sent = await calls.release(id, saver.version, as, at);
      if (draftRef.current.pinned && sent.status === 'published') sent = await calls.save(id, { pinned: true, version: sent.version });
      draftId.current = null;
      creating.current = null;
      saver.resume(1, null);
      draftRef.current = emptyDraft(info?.mySlug ? [info.mySlug] : []);
      setDraft(draftRef.current);
      showBody([]);
      setScheduleAt('');
      setMessage(sent.status === 'published' ? 'Published.' : sent.status === 'held' ? 'Sent to an editor.' : 'Scheduled.');
      await refresh();
    } catch (error) {
      report(error);
    }
  }

  /** Saves what is waiting, then shows the draft as readers would see it, in a tab of its own. */
  async function preview() {
    try {
      await saver.flush();
      const id = await ensureDraft();
      window.open(`/newsroom/articles/${articleId}/entries/${id}/preview`, '_blank', 'noopener');
    } catch (error) {
      report(error);
    }
  }

  const blog = info?.blog;
  const as = info?.send ?? 'hold';
  const editor = info?.role === 'editor' || info?.role === 'admin';
  const onKeyDown = (event: KeyboardEvent) => {
    keepEnterInBody(event);
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    event.stopPropagation();
    void send(as);
  };

  return (
    <div class="live-composer">
      {info && <LiveBlogControls info={info} calls={calls} onChanged={() => void refresh()} onError={report} />}
      <form
        class="live-form"
        aria-label="New entry"
        onKeyDownCapture={onKeyDown}
        onSubmit={(e) => (e.preventDefault(), ownSubmit(e) && void send(as))}
        hidden={!blog || blog.state === 'closed'}
      >
        <label>
          Title (optional)
          <input type="text" name="title" maxLength={300} value={draft.title} onInput={(e) => change({ ...draftRef.current, title: e.currentTarget.value })} />
        </label>
        <label>
          Writers
          <select
            multiple
            name="writers"
            size={3}
            onChange={(e) => change({ ...draftRef.current, writers: [...e.currentTarget.selectedOptions].map((o) => o.value) })}
          >
            {info?.authors.map((a) => (
              <option key={a.slug} value={a.slug} selected={draft.writers.includes(a.slug)}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <EntryBody articleId={articleId} body={body} />
        <p class="live-form__marks">
          {info?.role !== 'contributor' && (
            <label>
              <input type="checkbox" checked={draft.keyEvent} onChange={(e) => change({ ...draftRef.current, keyEvent: e.currentTarget.checked })} /> Key event
            </label>
          )}
          {info?.mayPin && (
            <label>
              <input type="checkbox" checked={draft.pinned} onChange={(e) => change({ ...draftRef.current, pinned: e.currentTarget.checked })} /> Pin
            </label>
          )}
        </p>
        <p class="live-form__actions">
          <button type="submit" class="primary">
            {sendLabel(as)} <kbd>Ctrl/⌘+Enter</kbd>
          </button>
          <button type="button" onClick={() => void preview()}>
            Preview
          </button>
          {editor && (
            <>
              <label>
                Time <input type="datetime-local" value={scheduleAt} onInput={(e) => setScheduleAt(e.currentTarget.value)} />
              </label>
              <button type="button" disabled={!scheduleAt} onClick={() => void send('schedule')}>
                Schedule
              </button>
            </>
          )}
          <SaveStatus state={saveState} auto={true} />
        </p>
      </form>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      {blog && <LiveStream entries={entries} calls={calls} onChanged={() => void refresh()} onError={report} />}
    </div>
  );
}
