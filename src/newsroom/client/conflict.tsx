import { BlockOutline } from './block-outline.tsx';
import { fieldsOf, type EditorArticle, type Fields } from './fields.ts';

/**
 * Someone else saved the article while this person was editing it. Both versions are shown
 * side by side, and nothing changes until this person chooses: keep their own changes (saved
 * over the other version, which stays in the history) or take the other version.
 */
function Version({ title, fields }: { title: string; fields: Fields }) {
  return (
    <div class="conflict__version">
      <h3>{title}</h3>
      <p class="conflict__headline">{fields.headline}</p>
      <p>{fields.standfirst}</p>
      <BlockOutline body={fields.body} />
    </div>
  );
}

/** The two ways out of a conflict, the same for articles and the site's pages. */
export function ConflictChoice({ onKeepMine, onTakeTheirs }: { onKeepMine: () => void; onTakeTheirs: () => void }) {
  return (
    <p class="conflict__actions">
      <button type="button" class="button button--primary" onClick={onKeepMine}>
        Keep my version
      </button>{' '}
      <button type="button" class="button" onClick={onTakeTheirs}>
        Use the saved version
      </button>
    </p>
  );
}

export function ConflictView({
  mine,
  theirs,
  onKeepMine,
  onTakeTheirs,
}: {
  mine: Fields;
  theirs: EditorArticle;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  return (
    <section class="conflict" role="alertdialog" aria-labelledby="conflict-title">
      <h2 id="conflict-title">This article was changed by someone else while you were editing</h2>
      <p>Your changes are not lost. Compare the two versions and choose which one to keep; the other stays in the article's history.</p>
      <div class="conflict__columns">
        <Version title="Your version (not saved yet)" fields={mine} />
        <Version title={`Saved version ${theirs.version}, ${new Date(theirs.modifiedAt).toLocaleString()}`} fields={fieldsOf(theirs)} />
      </div>
      <ConflictChoice onKeepMine={onKeepMine} onTakeTheirs={onTakeTheirs} />
    </section>
  );
}
