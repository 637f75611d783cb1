import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createBodyEditor } from './body-editor.ts';

/**
 * A body in ProseMirror, mounted once into `mountRef`'s element, shared by the article editor,
 * the live blog composer and an entry edited in place. Each selection change draws the owner
 * again, so the body toolbar shows what is on where the cursor is.
 */
export function useBodyView({ start, onChange, label }: { start: () => PMNode; onChange: (doc: PMNode) => void; label?: string }) {
  const [, redraw] = useState(0);
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  // The latest callback, so the editor (made once) never calls a stale one.
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const view = createBodyEditor(
      mountRef.current!,
      start(),
      (doc) => changed.current(doc),
      () => redraw((n) => n + 1),
    );
    if (label) view.dom.setAttribute('aria-label', label);
    viewRef.current = view;
    // Drawn again now the view exists, so the toolbar acts on it.
    redraw((n) => n + 1);
    return () => view.destroy();
  }, []);

  /** Puts another document in the editor without reporting it as a change. */
  function replace(doc: PMNode) {
    const view = viewRef.current;
    if (view) view.updateState(EditorState.create({ doc, plugins: view.state.plugins }));
    redraw((n) => n + 1);
  }

  return { mountRef, viewRef, replace };
}
