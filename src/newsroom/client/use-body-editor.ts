import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { blocksToDoc, docToBlocks, type References } from './convert.ts';
import { same, type EditorArticle, type Fields } from './fields.ts';
import { Saver } from './saver.ts';
import { useBodyView } from './use-body-view.ts';

interface BodyEditorOptions {
  initial: EditorArticle;
  storageKey: string;
  editable: boolean;
  saver: Saver<Fields>;
  fieldsRef: RefObject<Fields>;
  /** Shows fields without saving them. */
  show: (next: Fields) => void;
  /** Shows fields and saves them. */
  change: (next: Fields) => void;
  setNotice: (notice: string) => void;
}

/**
 * The body in ProseMirror, mounted once into `mountRef`'s element, starting from whatever this
 * browser kept that the server does not have yet (and saying so). Each selection change draws
 * the editor again, so the toolbar shows what is on where the cursor is.
 */
export function useBodyEditor({ initial, storageKey, editable, saver, fieldsRef, show, change, setNotice }: BodyEditorOptions) {
  /** Fields this browser kept and put back, saved once the editor is there. */
  const restored = useRef<Fields | null>(null);
  const { mountRef, viewRef, replace } = useBodyView({
    // Whatever this browser kept that the server does not have yet comes back (and is announced).
    start: () => {
      const kept = Saver.unsaved<Fields>(storageKey);
      let start = fieldsRef.current;
      const restore = !!kept && editable && !same(kept.fields, start);
      if (restore) {
        start = kept.fields;
        show(start);
        saver.version = kept.baseVersion;
        setNotice(
          `Changes made in this browser on ${new Date(kept.at).toLocaleString()} had not reached the newsroom; they are back in the editor${saver.auto ? ' and being saved' : ''}.`,
        );
        restored.current = start;
      } else if (kept) {
        localStorage.removeItem(storageKey);
      }
      return blocksToDoc(start.body, initial.references);
    },
    onChange: (doc) => change({ ...fieldsRef.current, body: docToBlocks(doc) }),
  });

  // Runs after useBodyView's effect has made the view.
  useEffect(() => {
    viewRef.current?.setProps({ editable: () => editable });
    if (restored.current) saver.changed(restored.current);
    document.body.dataset.editorReady = 'true';
    // Interactive: mounted, painted once, and the main thread free again (the benchmark reads this).
    requestAnimationFrame(() => setTimeout(() => performance.mark('editor-interactive')));
  }, []);

  /** Puts other fields in the editor, body included (the version kept after a conflict), without saving them. */
  function load(next: Fields, refs?: References) {
    show(next);
    replace(blocksToDoc(next.body, refs ?? initial.references));
  }

  return { mountRef, viewRef, load };
}
