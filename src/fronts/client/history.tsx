import { useState } from 'preact/hooks';
import { api, ApiError } from '../../newsroom/browser.ts';
import { actorName, type HistoryEntry } from './types.ts';

/** Every published version of the front, newest first, each restorable (published again as a new version). */
export function HistoryPanel({ frontId, published, onRestore }: { frontId: string; published: number | null; onRestore: (n: number) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<HistoryEntry[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState('');
  async function load(before: number | null) {
    try {
      const page = await api<{ versions: HistoryEntry[]; nextBefore: number | null }>(
        'GET',
        `/newsroom/api/fronts/${frontId}/history${before ? `?before=${before}` : ''}`,
      );
      setVersions((shown) => (before ? [...shown, ...page.versions] : page.versions));
      setNext(page.nextBefore);
      setError('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The history could not be read.');
    }
  }
  return (
    <section class="ft-history" aria-labelledby="ft-history-heading">
      <h2 id="ft-history-heading">History</h2>
      <button
        type="button"
        class="button"
        aria-expanded={open}
        onClick={() => {
          if (!open) void load(null);
          setOpen(!open);
        }}
      >
        {open ? 'Hide published versions' : 'Show published versions'}
      </button>
      {error && <p class="field-error">{error}</p>}
      {open && (
        <ol class="ft-history__list">
          {versions.length === 0 && <li>Not published yet.</li>}
          {versions.map((v) => (
            <li>
              <strong>Version {v.number}</strong>
              {v.number === published && ' (readers see this)'}: {v.containers} containers, {v.stories} picked stories, by {actorName(v.actor)},{' '}
              <time datetime={v.publishedAt}>{new Date(v.publishedAt).toLocaleString()}</time>
              {v.note && ` · ${v.note}`}{' '}
              {v.number !== published && (
                <button type="button" class="button" onClick={() => void onRestore(v.number).then(() => load(null))}>
                  Restore version {v.number}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {open && next && (
        <button type="button" class="button" onClick={() => void load(next)}>
          Older versions
        </button>
      )}
    </section>
  );
}
