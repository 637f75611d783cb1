import type { SaveState } from './saver.ts';

/** Where the article's changes are: saved, waiting, on their way, kept offline, in conflict or refused. */
export function SaveStatus({ state, auto }: { state: SaveState; auto: boolean }) {
  const text =
    state.kind === 'saved'
      ? state.at
        ? `Saved at ${state.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`
        : 'All changes saved'
      : state.kind === 'pending'
        ? auto
          ? 'Unsaved changes…'
          : 'Changes not yet on the live article: press Update'
        : state.kind === 'saving'
          ? 'Saving…'
          : state.kind === 'offline'
            ? 'Offline: your changes are kept in this browser and will be saved when the connection is back'
            : state.kind === 'conflict'
              ? 'Someone else saved this article: choose which version to keep'
              : `Not saved: ${state.error.message}`;
  return (
    <p class={`save-status save-status--${state.kind}`} role="status" aria-live="polite" data-save-state={state.kind}>
      {text}
    </p>
  );
}
