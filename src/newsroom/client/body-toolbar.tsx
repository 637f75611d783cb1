import type { EditorView } from 'prosemirror-view';
import { commands, insertBlock } from './body-editor.ts';
import type { Dialog } from './dialogs.tsx';
import { schema } from './schema.ts';

/**
 * The body's formatting buttons. Each shows whether it is on where the cursor is; they keep the
 * body's selection (a press does not take the focus) and do nothing while the body is read-only.
 */
export function BodyToolbar({
  view,
  editable,
  onLink,
  onDialog,
  related = true,
}: {
  view: EditorView | null;
  editable: boolean;
  onLink: () => void;
  onDialog: (dialog: Dialog) => void;
  related?: boolean;
}) {
  const tool = (label: string, run: () => void, active = false, disabled = false) => (
    <button
      type="button"
      class={`tool${active ? ' tool--on' : ''}`}
      aria-pressed={active}
      disabled={!editable || disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );
  const command = (name: keyof typeof commands) => () => view && commands[name](view.state, view.dispatch, view);
  const markOn = (mark: 'bold' | 'italic') => {
    if (!view) return false;
    const { from, to, empty, $from } = view.state.selection;
    const type = schema.marks[mark];
    return empty ? !!type.isInSet(view.state.storedMarks ?? $from.marks()) : view.state.doc.rangeHasMark(from, to, type);
  };
  const blockIs = (name: string, level?: number) => {
    const parent = view?.state.selection.$from.parent;
    return !!parent && parent.type.name === name && (level === undefined || parent.attrs.level === level);
  };

  return (
    <div class="toolbar" role="toolbar" aria-label="Body formatting">
      {tool('Bold', command('bold'), markOn('bold'))}
      {tool('Italic', command('italic'), markOn('italic'))}
      {tool('Link', onLink, false)}
      {tool('Paragraph', command('paragraph'), blockIs('paragraph'))}
      {tool('Heading', command('heading2'), blockIs('heading', 2))}
      {tool('Subheading', command('heading3'), blockIs('heading', 3))}
      {tool('Quote', command('quote'), blockIs('quote'))}
      {tool('Pull quote', command('pullquote'), blockIs('pullquote'))}
      {tool('Bulleted list', command('bulletList'))}
      {tool('Numbered list', command('orderedList'))}
      {tool('Image', () => onDialog('figure'))}
      {related && tool('Related story', () => onDialog('related'))}
      {tool('Embed', () => view && insertBlock(view, schema.nodes.embed))}
      {tool('Divider', () => view && insertBlock(view, schema.nodes.divider))}
      {tool('Undo', command('undo'))}
      {tool('Redo', command('redo'))}
    </div>
  );
}
