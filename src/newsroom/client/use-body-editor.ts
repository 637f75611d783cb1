import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createBodyEditor } from './body-editor.ts';
import { blocksToDoc, docToBlocks, type References } from './convert.ts';
import { same, type EditorArticle, type Fields } from './fields.ts';
import { Saver } from './saver.ts';

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
  const [, redraw] = useState(0);
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);

  useEffect(() => {
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
    } else if (kept) {
      localStorage.removeItem(storageKey);
    }
    const view = createBodyEditor(
      mountRef.current!,
      blocksToDoc(start.body, initial.references),
      (doc: PMNode) => change({ ...fieldsRef.current, body: docToBlocks(doc) }),
      () => redraw((n) => n + 1),
    );
    view.setProps({ editable: () => editable });
    viewRef.current = view;
    if (restore) saver.changed(start);
    document.body.dataset.editorReady = 'true';
    // Interactive: mounted, painted once, and the main thread free again (the benchmark reads this).
    requestAnimationFrame(() => setTimeout(() => performance.mark('editor-interactive')));
    return () => view.destroy();
  }, []);

  /** Puts other fields in the editor, body included (the version kept after a conflict), without saving them. */
  function load(next: Fields, refs?: References) {
    show(next);
    const view = viewRef.current;
    if (view) view.updateState(EditorState.create({ doc: blocksToDoc(next.body, refs ?? initial.references), plugins: view.state.plugins }));
  }

  return { mountRef, viewRef, load };
}
