import type { RefObject } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api } from './api.ts';
import { fieldOf, type FieldErrors } from './field-errors.ts';
import { autosaves, patchOf, type EditorArticle, type Fields } from './fields.ts';
import { Saver, type SaveState } from './saver.ts';

/** Both sides of a conflict: what this person has, and what someone else saved meanwhile. */
export interface Conflict {
  mine: Fields;
  theirs: EditorArticle;
}

/** Where this browser keeps an article's changes until the server has them. */
export const unsavedKey = (articleId: string) => `masthead:unsaved:${articleId}`;

/**
 * The article's saver (see saver.ts) and what it reports: the save state, the field the server
 * refused, and both versions when someone else saved first. The setters given must be stable
 * (useState's): the saver is made once, at the first drawing.
 */
export function useAutosave({
  initial,
  fieldsRef,
  setArticle,
  setErrors,
}: {
  initial: EditorArticle;
  fieldsRef: RefObject<Fields>;
  setArticle: (article: EditorArticle) => void;
  setErrors: (errors: FieldErrors) => void;
}) {
  const storageKey = unsavedKey(initial.id);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved', at: null });
  const [conflict, setConflict] = useState<null | Conflict>(null);

  const saver = useMemo(
    () =>
      new Saver<Fields>({
        storageKey,
        version: initial.version,
        auto: autosaves(initial.status),
        send: async (f, version) => {
          const saved = await api<EditorArticle>('PATCH', `/newsroom/api/articles/${initial.id}`, { ...patchOf(f), version });
          setArticle(saved);
          setErrors({});
          return saved.version;
        },
        onState: (state) => {
          setSaveState(state);
          if (state.kind === 'failed') setErrors({ [fieldOf(state.error.field) || 'form']: state.error.message });
          if (state.kind === 'conflict') {
            const mine = Saver.unsaved<Fields>(storageKey)?.fields ?? fieldsRef.current;
            void api<EditorArticle>('GET', `/newsroom/api/articles/${initial.id}`).then((theirs) => setConflict({ mine, theirs }));
          }
        },
      }),
    [],
  );

  return { saver, storageKey, saveState, conflict, setConflict };
}
