import { useState } from 'preact/hooks';
import type { Block } from '../../content/browser.ts';
import { BodyField } from './body-field.tsx';
import { blocksToDoc, docToBlocks, type References } from './convert.ts';
import { EditorDialogs, type Dialog } from './dialogs.tsx';
import { useBodyView } from './use-body-view.ts';

/**
 * A live entry's body: the article editor's body field (toolbar, link form, the media library for
 * pictures, related stories, embeds) over the entry's own blocks, in the composer's new-entry form
 * and in an entry changed in place. A saved entry comes with the pictures and stories its body
 * points at (`references`), which its blocks name only by id.
 */
export function useEntryBody(initial: Block[], onChange: (body: Block[]) => void, refs?: References) {
  const view = useBodyView({ start: () => blocksToDoc(initial, refs), onChange: (doc) => onChange(docToBlocks(doc)), label: 'Entry text' });
  // A body names its pictures only by id: `refs` (the entry's `references`) draws them, as when they were added.
  return { ...view, show: (body: Block[], shown?: References) => view.replace(blocksToDoc(body, shown)) };
}

export function EntryBody({ articleId, body }: { articleId: string; body: ReturnType<typeof useEntryBody> }) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [linkProblem, setLinkProblem] = useState('');
  return (
    <>
      <BodyField
        label="Entry"
        mountRef={body.mountRef}
        viewRef={body.viewRef}
        editable={true}
        errors={linkProblem ? { link: linkProblem } : {}}
        onLinkProblem={setLinkProblem}
        onDialog={setDialog}
      />
      <EditorDialogs dialog={dialog} articleId={articleId} viewRef={body.viewRef} onClose={() => setDialog(null)} />
    </>
  );
}

/**
 * The entry forms send on submit, and Enter in a text box submits its form: Enter in a field of
 * a picture, quote or embed, or in the picture search, must not send the entry half written. (The
 * link form is a form of its own; its submit is told apart by `ownSubmit`.)
 */
export function keepEnterInBody(event: KeyboardEvent) {
  const target = event.target as HTMLElement | null;
  if (event.key === 'Enter' && !(event.ctrlKey || event.metaKey) && target?.tagName === 'INPUT' && target.closest('.ed-body, dialog')) event.preventDefault();
}

/** Whether a submit event is the form's own (not one bubbling up from the link form inside it). */
export const ownSubmit = (event: Event) => event.target === event.currentTarget;
