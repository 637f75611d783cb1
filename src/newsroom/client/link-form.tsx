import type { EditorView } from 'prosemirror-view';
import { setLink } from './body-editor.ts';

/**
 * The address for a link on the body's selection. `onProblem` hears why an address was refused,
 * or '' once it is applied (the form then closes and the body has the focus again).
 */
export function LinkForm({
  view,
  draft,
  onDraft,
  error,
  onProblem,
}: {
  view: EditorView | null;
  draft: string;
  onDraft: (draft: string | null) => void;
  error?: string | undefined;
  onProblem: (problem: string) => void;
}) {
  return (
    <form
      class="link-form"
      onSubmit={(e) => {
        e.preventDefault();
        const problem = view ? setLink(view, draft) : null;
        if (problem) onProblem(problem);
        else {
          onProblem('');
          view?.focus();
          onDraft(null);
        }
      }}
    >
      <label>
        Link address <input name="href" value={draft} autoFocus onInput={(e) => onDraft((e.currentTarget as HTMLInputElement).value)} placeholder="https://" />
      </label>
      <button class="button" type="submit">
        Apply
      </button>
      <button class="button" type="button" onClick={() => onDraft(null)}>
        Cancel
      </button>
      {error && <p class="field-error">{error}</p>}
    </form>
  );
}
