import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../newsroom/browser.ts';
import { endDrag, startDrag } from './drag.ts';
import type { SourceChoices, StorySummary } from './types.ts';

/**
 * Published stories to put on the front, newest first: each can be dragged onto a container
 * or a card, or added at the top of the chosen container with its button.
 */
export function StorySearch({
  containers,
  choices,
  onFound,
  onAdd,
  placed,
}: {
  containers: { title: string; index: number }[];
  choices: SourceChoices;
  onFound: (stories: StorySummary[]) => void;
  onAdd: (story: StorySummary, container: number) => void;
  placed: (id: string) => boolean;
}) {
  const [q, setQ] = useState('');
  const [section, setSection] = useState('');
  const [target, setTarget] = useState(0);
  const [found, setFound] = useState<StorySummary[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ q, ...(section ? { section } : {}) });
      api<{ stories: StorySummary[] }>('GET', `/newsroom/api/fronts/stories?${query}`)
        .then((r) => {
          setFound(r.stories);
          setError('');
          onFound(r.stories);
        })
        .catch((e: ApiError) => setError(e.message));
    }, 250);
    return () => clearTimeout(timer);
  }, [q, section]);
  const into = Math.min(target, Math.max(0, containers.length - 1));
  return (
    <section class="ft-search" aria-labelledby="ft-search-heading">
      <h2 id="ft-search-heading">Add stories</h2>
      <p class="ft-field">
        <label for="ft-search-q">Search published stories</label>
        <input id="ft-search-q" type="search" value={q} maxLength={200} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      </p>
      <p class="ft-field">
        <label for="ft-search-section">In section</label>
        <select id="ft-search-section" value={section} onChange={(e) => setSection((e.currentTarget as HTMLSelectElement).value)}>
          <option value="">Any</option>
          {choices.sections.map((s) => (
            <option value={s.id}>{s.name}</option>
          ))}
        </select>
      </p>
      <p class="ft-field">
        <label for="ft-search-target">Add to</label>
        <select id="ft-search-target" value={String(into)} onChange={(e) => setTarget(Number((e.currentTarget as HTMLSelectElement).value))}>
          {containers.map((c) => (
            <option value={String(c.index)}>{c.title || `Container ${c.index + 1}`}</option>
          ))}
        </select>
      </p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <p class="visually-hidden" aria-live="polite">
        {found === null ? '' : `${found.length} stories found.`}
      </p>
      <ul class="ft-results" aria-label="Stories found">
        {found?.map((story) => (
          <li
            class="ft-result"
            data-story={story.id}
            draggable
            onDragStart={(e) => startDrag(e, { kind: 'story', id: story.id }, story.headline)}
            onDragEnd={endDrag}
          >
            <span class="ft-result__text">
              <strong>{story.headline}</strong>
              <span class="ft-card__meta">
                {story.section}
                {story.publishedAt && ` · ${new Date(story.publishedAt).toLocaleString()}`}
                {placed(story.id) && ' · on this front'}
              </span>
            </span>
            <button type="button" class="button" disabled={containers.length === 0} onClick={() => onAdd(story, into)}>
              Add<span class="visually-hidden"> “{story.headline}”</span> to the top
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
