import type { EditorView } from 'prosemirror-view';
import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import { BodyToolbar } from './body-toolbar.tsx';
import type { Dialog } from './dialogs.tsx';
import type { FieldErrors } from './field-errors.ts';
import { LinkForm } from './link-form.tsx';

/**
 * The body: its toolbar, the link form the Link button opens, and the element ProseMirror is
 * mounted in (by useBodyEditor). The view is read from its ref at each drawing, so the buttons
 * act on the editor once it is there.
 */
export function BodyField({
  mountRef,
  viewRef,
  editable,
  errors,
  onLinkProblem,
  onDialog,
  related = true,
  label = 'Body',
}: {
  mountRef: RefObject<HTMLDivElement | null>;
  viewRef: RefObject<EditorView | null>;
  editable: boolean;
  errors: FieldErrors;
  onLinkProblem: (problem: string) => void;
  onDialog: (dialog: Dialog) => void;
  /** Whether the toolbar offers related-story cards (the site's own pages hold none). */
  related?: boolean;
  /** What the field is called (a live entry's body is its "Entry"). */
  label?: string;
}) {
  const [linkDraft, setLinkDraft] = useState<string | null>(null);
  const view = viewRef.current;
  return (
    <div class="ed-field">
      <span class="ed-field__label">{label}</span>
      <BodyToolbar view={view} editable={editable} onLink={() => setLinkDraft('')} onDialog={onDialog} related={related} />
      {linkDraft !== null && <LinkForm view={view} draft={linkDraft} onDraft={setLinkDraft} error={errors.link} onProblem={onLinkProblem} />}
      <div ref={mountRef} class="ed-body-mount" />
      {errors.body && (
        <p class="field-error" role="alert">
          {errors.body}
        </p>
      )}
    </div>
  );
}
