import { ConflictChoice } from './conflict.tsx';
import { PageSummary } from './page-history.tsx';
import type { EditorPage, PageFields } from './page-model.ts';

/** Both sides of a stale save or restore, as its 409 carried them: what this editor sent, and the page as saved since. */
export interface PageConflictState {
  mine: PageFields;
  theirs: EditorPage;
  /** Sends this editor's side again, over the version saved since. */
  keepMine: (version: number) => Promise<void>;
}

/**
 * Someone else saved the page while this editor was working on it: both versions side by side,
 * and nothing changes until the editor chooses (the other one stays in the revisions).
 */
export function PageConflict({
  conflict,
  edited,
  onKeepMine,
  onTakeTheirs,
}: {
  conflict: PageConflictState;
  edited: number;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const { theirs } = conflict;
  return (
    <section class="conflict" role="alertdialog" aria-labelledby="conflict-title">
      <h2 id="conflict-title">This page was changed by someone else while you were editing</h2>
      <p>
        You edited version {edited}; the saved version is now {theirs.version}. Nothing is lost: choose which to keep, the other stays in the revisions.
      </p>
      <div class="conflict__columns">
        <div>
          <h3>Your version (not saved yet)</h3>
          <PageSummary fields={conflict.mine} />
        </div>
        <div>
          <h3>
            Saved version {theirs.version}, {new Date(theirs.modifiedAt).toLocaleString()}
          </h3>
          <PageSummary fields={theirs} />
        </div>
      </div>
      <ConflictChoice onKeepMine={onKeepMine} onTakeTheirs={onTakeTheirs} />
    </section>
  );
}
