import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, useCsrf } from './api.ts';
import { DropZone, type LibraryImage } from './pickers.tsx';

/**
 * The media library: upload by dropping files, search by alt text, caption or credit, and for
 * each image its alt text, caption, credit and focal point (click the picture where the
 * subject is; crops keep that point in view).
 */
function ImageDetails({ image, onSaved }: { image: LibraryImage; onSaved: (image: LibraryImage) => void }) {
  const [draft, setDraft] = useState(image);
  const [message, setMessage] = useState<{ error?: string; field?: string | undefined; ok?: string }>({});
  useEffect(() => setDraft(image), [image.id]);
  const text = (name: 'alt' | 'caption' | 'credit', label: string, multiline = false) => {
    const props = {
      id: `image-${name}`,
      value: draft[name],
      onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
    };
    return (
      <div class="ed-field">
        <label for={props.id}>{label}</label>
        {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
        {message.field === name && <p class="field-error">{message.error}</p>}
      </div>
    );
  };
  async function save(e: Event) {
    e.preventDefault();
    try {
      const saved = await api<LibraryImage>('PATCH', `/newsroom/api/images/${image.id}`, {
        version: draft.version,
        alt: draft.alt,
        caption: draft.caption,
        credit: draft.credit,
        focalX: draft.focalPoint.x,
        focalY: draft.focalPoint.y,
      });
      setDraft(saved);
      setMessage({ ok: 'Saved.' });
      onSaved(saved);
    } catch (error) {
      const apiError = error as ApiError;
      const field = (apiError.field ?? '').replace(/^\//, '');
      setMessage({
        error: apiError.status === 409 ? 'Someone else changed this image meanwhile; reload the page to see their version.' : apiError.message,
        field: ['alt', 'caption', 'credit'].includes(field) ? field : 'form',
      });
    }
  }
  return (
    <form class="media-details" onSubmit={save} aria-label="Image details">
      <div
        class="focal"
        title="Click where the subject of the picture is"
        onClick={(e) => {
          const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
          const x = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
          const y = Math.min(1, Math.max(0, (e.clientY - box.top) / box.height));
          setDraft({ ...draft, focalPoint: { x: Math.round(x * 1000) / 1000, y: Math.round(y * 1000) / 1000 } });
        }}
      >
        {image.src && <img src={image.src} alt="" />}
        <span class="focal__point" style={{ left: `${draft.focalPoint.x * 100}%`, top: `${draft.focalPoint.y * 100}%` }} aria-hidden="true" />
      </div>
      <p class="ed-field__note">
        Focal point: {Math.round(draft.focalPoint.x * 100)}% across, {Math.round(draft.focalPoint.y * 100)}% down. {image.width}×{image.height} px.
      </p>
      {text('alt', 'Alt text (what the picture shows, for readers who cannot see it)', true)}
      {!draft.alt.trim() && <p class="field-warning">Articles using this image cannot be published until it has alt text (here or in the article).</p>}
      {text('caption', 'Caption', true)}
      {text('credit', 'Credit')}
      <button class="button button--primary" type="submit">
        Save
      </button>
      {message.ok && <span role="status"> {message.ok}</span>}
      {message.field === 'form' && <p class="field-error">{message.error}</p>}
    </form>
  );
}

export default function MediaLibrary({ csrf }: { csrf: string }) {
  useCsrf(csrf);
  const [q, setQ] = useState('');
  const [items, setItems] = useState<LibraryImage[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [selected, setSelected] = useState<LibraryImage | null>(null);
  const [error, setError] = useState('');

  async function load(cursor?: string) {
    try {
      const page = await api<{ items: LibraryImage[]; nextCursor: string | null }>(
        'GET',
        `/newsroom/api/images?${new URLSearchParams({ ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) })}`,
      );
      setItems((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
      setError('');
    } catch (e) {
      setError((e as ApiError).message);
    }
  }
  useEffect(() => {
    const timer = setTimeout(() => void load(), 150);
    return () => clearTimeout(timer);
  }, [q]);
  const replace = (image: LibraryImage) => setItems((old) => old.map((i) => (i.id === image.id ? image : i)));

  return (
    <div class="media-library">
      <DropZone
        onUploaded={(image) => {
          setItems((old) => [image, ...old]);
          setSelected(image);
        }}
      />
      <label class="picker__search">
        Search by alt text, caption or credit <input type="search" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </label>
      {error && <p class="field-error">{error}</p>}
      <div class="media-library__columns">
        <ul class="media-grid">
          {items.map((image) => (
            <li>
              <button type="button" class={`media-grid__pick${selected?.id === image.id ? ' media-grid__pick--on' : ''}`} onClick={() => setSelected(image)}>
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
        {selected && <ImageDetails image={selected} onSaved={(image) => (replace(image), setSelected(image))} />}
      </div>
      {next && (
        <button type="button" class="button" onClick={() => void load(next)}>
          More images
        </button>
      )}
    </div>
  );
}
