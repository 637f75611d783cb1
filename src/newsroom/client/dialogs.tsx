import type { EditorView } from 'prosemirror-view';
import type { RefObject } from 'preact';
import { insertBlock } from './body-editor.ts';
import type { Fields } from './fields.ts';
import { ImagePicker, RelatedPicker, type LibraryImage } from './pickers.tsx';
import { schema } from './schema.ts';

/** The picker open over a body editor (an article's or a live entry's): an image for the hero or for the body, or a related story for the body. */
export type Dialog = null | 'hero' | 'figure' | 'related';

export function EditorDialogs({
  dialog,
  articleId,
  viewRef,
  onHero,
  onClose,
}: {
  dialog: Dialog;
  articleId: string;
  viewRef: RefObject<EditorView | null>;
  /** Where a hero picture goes (only the article editor has one). */
  onHero?: (hero: Fields['hero']) => void;
  onClose: () => void;
}) {
  function pickImage(image: LibraryImage) {
    if (dialog === 'hero') onHero?.({ imageId: image.id, alt: '', caption: '', credit: '', src: image.src ?? '', libraryAlt: image.alt });
    else if (viewRef.current) insertBlock(viewRef.current, schema.nodes.image, { imageId: image.id, src: image.src ?? '', libraryAlt: image.alt });
    onClose();
  }
  return (
    <>
      {dialog === 'hero' || dialog === 'figure' ? <ImagePicker onPick={pickImage} onClose={onClose} /> : null}
      {dialog === 'related' && (
        <RelatedPicker
          exclude={articleId}
          onClose={onClose}
          onPick={(hit) => {
            if (viewRef.current) insertBlock(viewRef.current, schema.nodes.related, { articleId: hit.id, headline: hit.headline });
            onClose();
          }}
        />
      )}
    </>
  );
}
