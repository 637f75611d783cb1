import { useState } from 'preact/hooks';
import type { Fields } from './fields.ts';
import type { Saver } from './saver.ts';

/** The article as readers would see it, at a phone's or a desktop's width, in a frame below the editor. */
export type PreviewSize = 'phone' | 'desktop';

/** Which preview is open, and of which saved version: what is waiting is saved first, so the preview shows it. */
export function usePreview(saver: Saver<Fields>, initialVersion: number) {
  const [size, setSize] = useState<null | PreviewSize>(null);
  const [version, setVersion] = useState(initialVersion);
  async function show(next: PreviewSize) {
    try {
      await saver.flush();
    } catch {
      // The preview then shows the last saved version; the save state says why.
    }
    setVersion(saver.version);
    setSize(next);
  }
  return { size, setSize, version, show };
}

export function PreviewPanel({
  articleId,
  size,
  version,
  onSize,
}: {
  articleId: string;
  size: PreviewSize;
  version: number;
  onSize: (size: null | PreviewSize) => void;
}) {
  return (
    <section class={`preview preview--${size}`} aria-label="Preview">
      <header>
        <h2>Preview ({size === 'phone' ? 'phone, 390 px' : 'desktop, 1280 px'})</h2>
        <button type="button" class="button" onClick={() => onSize(size === 'phone' ? 'desktop' : 'phone')}>
          Show on a {size === 'phone' ? 'desktop' : 'phone'}
        </button>{' '}
        <button type="button" class="button" onClick={() => onSize(null)}>
          Close preview
        </button>
      </header>
      <iframe title="Article preview" src={`/newsroom/articles/${articleId}/preview?v=${version}`} />
    </section>
  );
}
