import { useRef, useState } from 'preact/hooks';
import type { Block } from '../../content/browser.ts';
import { ApiError } from './api.ts';
import { EntryBody, keepEnterInBody, ownSubmit, useEntryBody } from './entry-body.tsx';
import { plainText, type ComposerEntry, type LiveApi } from './live-model.ts';

interface Theirs {
  version: number;
  title: string;
  body: Block[];
}

/**
 * An entry changed in place, against the version it was opened at. When someone else saved it
 * meanwhile, the server's 409 carries their text: both are shown, and the writer keeps theirs
 * (saved over the newer version) or takes the other.
 */
export function EntryEditor({ entry, calls, onDone, onError }: { entry: ComposerEntry; calls: LiveApi; onDone: () => void; onError: (e: unknown) => void }) {
  const [title, setTitle] = useState(entry.title);
  const [version, setVersion] = useState(entry.version);
  const [theirs, setTheirs] = useState<Theirs | null>(null);
  const body = useRef<Block[]>(entry.body);
  const editor = useEntryBody(entry.body, (blocks) => (body.current = blocks), entry.references);

  async function save(against: number) {
    try {
      await calls.save(entry.id, { title, body: body.current, version: against });
      onDone();
    } catch (error) {
      const current = error instanceof ApiError && error.status === 409 ? (error.details.current as Omit<Theirs, 'version'> | undefined) : undefined;
      if (!current) return onError(error);
      setTheirs({ ...current, version: Number(error instanceof ApiError ? error.details.currentVersion : version) });
    }
  }

  return (
    <form
      class="live-edit"
      aria-label="Change entry"
      onKeyDown={keepEnterInBody}
      onSubmit={(e) => {
        e.preventDefault();
        if (ownSubmit(e)) void save(version);
      }}
    >
      <label>
        Title
        <input type="text" name="title" maxLength={300} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <EntryBody articleId={calls.articleId} body={editor} />
      {theirs && (
        <div class="live-edit__conflict" role="alert">
          <p>Someone else changed this entry while you were editing. Theirs now reads:</p>
          <blockquote>
            {theirs.title && <strong>{theirs.title}</strong>} {plainText(theirs.body)}
          </blockquote>
          <button
            type="button"
            onClick={() => {
              setVersion(theirs.version);
              setTheirs(null);
              void save(theirs.version);
            }}
          >
            Keep mine
          </button>{' '}
          <button type="button" onClick={onDone}>
            Take theirs
          </button>
        </div>
      )}
      <p>
        <button type="submit" class="primary">
          Save
        </button>{' '}
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </p>
    </form>
  );
}
