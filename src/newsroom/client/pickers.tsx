import { useEffect, useRef, useState } from 'preact/hooks';
import type { ImageView } from '../../content/browser.ts';
import { api, ApiError } from './api.ts';

/** What the media library API sends for an image. */
export type LibraryImage = ImageView & { version: number };

export interface ArticleHit {
  id: string;
  headline: string;
  status: string;
  section: string;
}

/** Uploads one file; the server decides from its bytes what it is and says why when it refuses. */
export async function uploadImage(file: File, details: { alt?: string } = {}): Promise<LibraryImage> {
  const form = new FormData();
  if (details.alt) form.append('alt', details.alt);
  form.append('file', file);
  return api<LibraryImage>('POST', '/newsroom/api/images', form);
}

/** A drop zone that is also a file button; reports each upload's result or refusal. */
export function DropZone({ onUploaded, label = 'Drop images here, or choose files' }: { onUploaded: (image: LibraryImage) => void; label?: string }) {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(0);
  const [error, setError] = useState('');
  async function take(files: FileList | null) {
    if (!files?.length) return;
    setError('');
    for (const file of [...files]) {
      setBusy((n) => n + 1);
      try {
        onUploaded(await uploadImage(file));
      } catch (e) {
        setError(`${file.name}: ${(e as ApiError).message}`);
      } finally {
        setBusy((n) => n - 1);
      }
    }
  }
  return (
    <div
      class={`drop-zone${over ? ' drop-zone--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer?.files ?? null);
      }}
    >
      <label>
        {label}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
          multiple
          onChange={(e) => void take((e.currentTarget as HTMLInputElement).files)}
        />
      </label>
      {busy > 0 && <p class="drop-zone__busy">Uploading {busy}…</p>}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A modal dialog that opens when mounted and reports closing. */
function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: preact.ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} class="picker" aria-label={title} onClose={onClose}>
      <header class="picker__head">
        <h2>{title}</h2>
        <button type="button" class="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </header>
      {children}
    </dialog>
  );
}

function useSearch<T>(url: (q: string) => string) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<T[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      api<{ items: T[] }>('GET', url(q))
        .then((found) => {
          setItems(found.items);
          setError('');
        })
        .catch((e: ApiError) => setError(e.message));
    }, 150);
    return () => clearTimeout(timer);
  }, [q]);
  return { q, setQ, items, setItems, error };
}

export function ImagePicker({ onPick, onClose }: { onPick: (image: LibraryImage) => void; onClose: () => void }) {
  const search = useSearch<LibraryImage>((q) => `/newsroom/api/images?${new URLSearchParams(q ? { q } : {})}`);
  return (
    <Dialog title="Choose an image" onClose={onClose}>
      <DropZone onUploaded={(image) => search.setItems((items) => [image, ...items])} />
      <label class="picker__search">
        Search the library <input type="search" value={search.q} onInput={(e) => search.setQ((e.currentTarget as HTMLInputElement).value)} />
      </label>
      {search.error && <p class="field-error">{search.error}</p>}
      <ul class="media-grid">
        {search.items.map((image) => (
          <li>
            <button type="button" class="media-grid__pick" onClick={() => onPick(image)}>
              {image.src ? (
                <img src={image.src} alt="" loading="lazy" style={{ objectPosition: `${image.focalPoint.x * 100}% ${image.focalPoint.y * 100}%` }} />
              ) : (
                <span>processing</span>
              )}
              <span>{image.alt || 'No alt text yet'}</span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export function RelatedPicker({ exclude, onPick, onClose }: { exclude: string; onPick: (article: ArticleHit) => void; onClose: () => void }) {
  const search = useSearch<ArticleHit>((q) => `/newsroom/api/articles?${new URLSearchParams(q ? { q } : {})}`);
  return (
    <Dialog title="Link a related story" onClose={onClose}>
      <label class="picker__search">
        Search articles <input type="search" value={search.q} onInput={(e) => search.setQ((e.currentTarget as HTMLInputElement).value)} autoFocus />
      </label>
      {search.error && <p class="field-error">{search.error}</p>}
      <ul class="picker__list">
        {search.items
          .filter((a) => a.id !== exclude)
          .map((article) => (
            <li>
              <button type="button" class="picker__article" onClick={() => onPick(article)}>
                <strong>{article.headline}</strong>{' '}
                <span>
                  {article.section} · {article.status.replace('_', ' ')}
                </span>
              </button>
            </li>
          ))}
      </ul>
    </Dialog>
  );
}
