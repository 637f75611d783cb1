import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../newsroom/browser.ts';
import type { FrontLayout } from '../browser.ts';
import { actorName, type FrontView, type Presence, type StorySummary } from './types.ts';

/** Someone saved the front after this editor loaded it: both versions, until the editor chooses. */
export interface Conflict {
  mine: FrontLayout;
  theirs: FrontView;
}

export type SaveState = 'loading' | 'saved' | 'unsaved' | 'saving' | 'conflict' | 'error';

const same = (a: FrontLayout, b: FrontLayout) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The front as the tool holds it: the draft being edited, the last saved one and its version,
 * the stories its cards show, and every call that changes it on the server. Saving is
 * explicit (a front goes live only when published, so a half-made draft costs nothing);
 * publishing and scheduling save what is unsaved first. Every 3 seconds the tool says it is
 * here and learns who else is, and takes a newer saved version when it has nothing unsaved.
 */
export function useFront(frontId: string) {
  const base = `/newsroom/api/fronts/${frontId}`;
  const [view, setView] = useState<FrontView | null>(null);
  const [layout, setLayout] = useState<FrontLayout>({ containers: [] });
  const [stories, setStories] = useState<Record<string, StorySummary>>({});
  const [state, setState] = useState<SaveState>('loading');
  const [message, setMessage] = useState('');
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [editors, setEditors] = useState<string[]>([]);
  const current = useRef({ layout, view, busy: false, saving: false });
  current.current.layout = layout;
  current.current.view = view;
  const dirty = view !== null && !same(layout, view.draft);

  function adopt(next: FrontView) {
    setView(next);
    setLayout(next.draft);
    setStories((known) => ({ ...known, ...next.stories }));
    setState('saved');
  }

  async function load() {
    adopt(await api<FrontView>('GET', base));
  }

  function fail(error: unknown) {
    setState('error');
    setMessage(error instanceof ApiError ? error.message : 'Something went wrong; try again.');
  }

  /**
   * A stale save (409, `{ error: { code: 'conflict', message, yours, theirs } }`): the server's
   * newer version, read whole with its stories, shown beside this editor's.
   */
  async function showConflict(mine: FrontLayout) {
    const theirs = await api<FrontView>('GET', base);
    setStories((known) => ({ ...known, ...theirs.stories }));
    setConflict({ mine, theirs });
    setState('conflict');
  }

  /** Saves `mine` over `version`; true when saved. */
  async function saveLayout(mine: FrontLayout, version: number): Promise<boolean> {
    const shown = current.current.view;
    if (!shown) return false;
    setState('saving');
    setMessage('');
    current.current.saving = true;
    try {
      const saved = await api<{ version: number; savedAt: string }>('PUT', `${base}/draft`, { layout: mine, version });
      const next = { ...shown, draft: mine, version: saved.version, savedAt: saved.savedAt, draftIsPublished: false };
      setView(next);
      current.current.view = next;
      setState(same(current.current.layout, mine) ? 'saved' : 'unsaved');
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) await showConflict(mine).catch(fail);
      else fail(error);
      return false;
    } finally {
      current.current.saving = false;
    }
  }

  const save = () => saveLayout(current.current.layout, current.current.view?.version ?? 0);

  /** Saves first when there is something unsaved, then runs `work` on the saved version. */
  async function afterSave(work: (version: number) => Promise<void>) {
    const shown = current.current.view;
    if (!shown) return;
    if (!same(current.current.layout, shown.draft) && !(await save())) return;
    try {
      await work(current.current.view!.version);
      await load();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) await showConflict(current.current.layout).catch(fail);
      else fail(error);
    }
  }

  const publish = () =>
    afterSave(async (version) => {
      const done = await api<{ number: number }>('POST', `${base}/publish`, { version });
      setMessage(`Published as version ${done.number}. Readers see it now.`);
    });

  const schedule = (runAt: Date) =>
    afterSave(async (version) => {
      await api('POST', `${base}/schedules`, { version, runAt: runAt.toISOString() });
      setMessage(`Scheduled to publish at ${runAt.toLocaleString()}.`);
    });

  async function cancelSchedule(id: string) {
    try {
      await api('DELETE', `${base}/schedules/${id}`);
      setMessage('The schedule is cancelled.');
      if (current.current.view) setView({ ...current.current.view, schedules: current.current.view.schedules.filter((s) => s.id !== id) });
    } catch (error) {
      fail(error);
    }
  }

  async function restore(number: number) {
    try {
      // The version shown: another editor's newer save is refused here, not overwritten.
      const done = await api<{ number: number }>('POST', `${base}/restore`, { number, version: current.current.view?.version ?? 0 });
      await load();
      setMessage(`Version ${number} is published again as version ${done.number}.`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) await showConflict(current.current.layout).catch(fail);
      else fail(error);
    }
  }

  function keepTheirs() {
    if (!conflict) return;
    adopt(conflict.theirs);
    setConflict(null);
    setMessage(`You now have the version ${actorName(conflict.theirs.actor)} saved.`);
  }

  async function overwrite() {
    if (!conflict) return;
    const { mine, theirs } = conflict;
    setConflict(null);
    setView(theirs);
    current.current.view = theirs;
    setLayout(mine);
    current.current.layout = mine;
    if (await saveLayout(mine, theirs.version)) setMessage('Your version is saved over theirs; theirs stays in the history of saves.');
  }

  useEffect(() => {
    load().catch(fail);
    const beat = async () => {
      const shown = current.current.view;
      if (!shown || current.current.busy || current.current.saving) return;
      current.current.busy = true;
      try {
        const presence = await api<Presence>('POST', `${base}/presence`, {});
        setEditors(presence.editors.map((e) => e.name));
        const latest = current.current.view;
        if (latest && presence.version > latest.version && !current.current.saving) {
          if (same(current.current.layout, latest.draft)) {
            await load();
            setMessage(`${actorName(presence.actor)} saved a newer version; you are now on it.`);
          } else setMessage(`${actorName(presence.actor)} saved a newer version. Saving yours will show you both.`);
        }
      } catch {
        // A missed heartbeat is retried in 3 seconds; saving says what is wrong, if anything is.
      } finally {
        current.current.busy = false;
      }
    };
    const timer = setInterval(() => void beat(), 3_000);
    const leave = () => void api('POST', `${base}/presence`, { leaving: true }, { keepalive: true }).catch(() => undefined);
    // Leaving with unsaved changes asks first: the draft lives only in this page until saved.
    const unsaved = (event: BeforeUnloadEvent) => {
      const shown = current.current.view;
      if (shown && !same(current.current.layout, shown.draft)) event.preventDefault();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('beforeunload', unsaved);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('beforeunload', unsaved);
    };
  }, []);

  function change(next: FrontLayout) {
    setLayout(next);
    current.current.layout = next;
    if (state === 'saved' || state === 'error') setState('unsaved');
  }

  return {
    view,
    layout,
    change,
    stories,
    know: (more: StorySummary[]) => setStories((known) => ({ ...known, ...Object.fromEntries(more.map((s) => [s.id, s])) })),
    state: dirty && state === 'saved' ? 'unsaved' : state,
    dirty,
    message,
    setMessage,
    conflict,
    editors,
    save,
    publish,
    schedule,
    cancelSchedule,
    restore,
    keepTheirs,
    overwrite,
    reload: load,
  };
}

export type FrontTool = ReturnType<typeof useFront>;
