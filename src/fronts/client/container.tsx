import { useState } from 'preact/hooks';
import { CONTAINER_LAYOUTS, CONTAINER_LAYOUT_NAMES, MAX_TITLE, type AutomaticSource, type Container, type ContainerLayout } from '../browser.ts';
import { CardItem, type CardActions } from './card.tsx';
import { acceptDrag, endDrag, startDrag, takeDrop } from './drag.ts';
import type { SourceChoices, StorySummary } from './types.ts';

export interface ContainerActions extends CardActions {
  moveContainer(index: number, step: -1 | 1): void;
  removeContainer(index: number): void;
  updateContainer(index: number, changes: Partial<Container>): void;
}

function Select({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: { id: string; name: string }[];
  onChange: (v: string) => void;
}) {
  return (
    <p class="ft-field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">Any</option>
        {options.map((o) => (
          <option value={o.id}>{o.name}</option>
        ))}
      </select>
    </p>
  );
}

/** The source of an automatic container, or where a curated one fills its empty slots from. */
function SourceFields({
  idBase,
  source,
  choices,
  onChange,
}: {
  idBase: string;
  source: AutomaticSource;
  choices: SourceChoices;
  onChange: (s: AutomaticSource) => void;
}) {
  const set = (key: keyof AutomaticSource, value: string | boolean) => {
    const next: AutomaticSource = { ...source };
    if (value === '' || value === false) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
    onChange(next);
  };
  return (
    <div class="ft-source">
      <Select id={`${idBase}-section`} label="Section" value={source.sectionId ?? ''} options={choices.sections} onChange={(v) => set('sectionId', v)} />
      <Select id={`${idBase}-topic`} label="Topic" value={source.topicId ?? ''} options={choices.topics} onChange={(v) => set('topicId', v)} />
      <Select id={`${idBase}-author`} label="Writer" value={source.authorId ?? ''} options={choices.authors} onChange={(v) => set('authorId', v)} />
      <p class="ft-field ft-field--check">
        <input
          id={`${idBase}-picture`}
          type="checkbox"
          checked={Boolean(source.withPicture)}
          onChange={(e) => set('withPicture', (e.currentTarget as HTMLInputElement).checked)}
        />
        <label for={`${idBase}-picture`}>Only stories with a picture</label>
      </p>
    </div>
  );
}

/**
 * One container: its settings, then its cards in order. The container can be dragged by its
 * header (it takes the place of the container it is dropped on) and takes dropped stories and
 * cards at its end; its buttons do the same from the keyboard.
 */
export function ContainerPanel({
  container,
  index,
  count,
  stories,
  titles,
  choices,
  actions,
}: {
  container: Container;
  index: number;
  count: number;
  stories: Record<string, StorySummary>;
  titles: { title: string; index: number }[];
  choices: SourceChoices;
  actions: ContainerActions;
}) {
  const [over, setOver] = useState(false);
  const idBase = `container-${container.id}`;
  const update = (changes: Partial<Container>) => actions.updateContainer(index, changes);
  const max = CONTAINER_LAYOUTS[container.layout].max;
  const name = container.title || `Container ${index + 1}`;
  return (
    <li
      class={`ft-container${over ? ' ft-container--over' : ''}`}
      data-container={container.id}
      tabIndex={-1}
      aria-labelledby={`${idBase}-heading`}
      onDragOver={(e) => setOver(acceptDrag(e, ['container', 'card', 'story']))}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const what = takeDrop(e, ['container', 'card', 'story']);
        if (what) actions.drop(what, index, what.kind === 'container' ? index : container.cards.length);
      }}
    >
      <header class="ft-container__head" draggable onDragStart={(e) => startDrag(e, { kind: 'container', index }, name)} onDragEnd={endDrag}>
        <h2 id={`${idBase}-heading`}>
          <span class="ft-container__grip" aria-hidden="true">
            ⠿
          </span>{' '}
          {index + 1}. {name}
        </h2>
        <div class="ft-container__actions" role="group" aria-label={`Actions for the container ${name}`}>
          <button type="button" class="button" data-action="up" disabled={index === 0} onClick={() => actions.moveContainer(index, -1)}>
            Move container up
          </button>
          <button type="button" class="button" data-action="down" disabled={index === count - 1} onClick={() => actions.moveContainer(index, 1)}>
            Move container down
          </button>
          <button type="button" class="button button--danger" data-action="remove" onClick={() => actions.removeContainer(index)}>
            Remove container
          </button>
        </div>
      </header>
      <div class="ft-container__settings">
        <p class="ft-field">
          <label for={`${idBase}-title`}>Title</label>
          <input
            id={`${idBase}-title`}
            type="text"
            maxLength={MAX_TITLE}
            value={container.title}
            onInput={(e) => update({ title: (e.currentTarget as HTMLInputElement).value })}
          />
        </p>
        <p class="ft-field">
          <label for={`${idBase}-layout`}>Layout</label>
          <select
            id={`${idBase}-layout`}
            value={container.layout}
            onChange={(e) => update({ layout: (e.currentTarget as HTMLSelectElement).value as ContainerLayout })}
          >
            {CONTAINER_LAYOUT_NAMES.map((l) => (
              <option value={l}>{CONTAINER_LAYOUTS[l].label}</option>
            ))}
          </select>
        </p>
        <p class="ft-field">
          <label for={`${idBase}-mode`}>Stories</label>
          <select
            id={`${idBase}-mode`}
            value={container.mode}
            onChange={(e) => update({ mode: (e.currentTarget as HTMLSelectElement).value as Container['mode'] })}
          >
            <option value="curated">Picked by editors</option>
            <option value="automatic">Automatic: the latest</option>
          </select>
        </p>
        <p class="ft-field">
          <label for={`${idBase}-size`}>How many (at most {max})</label>
          <input
            id={`${idBase}-size`}
            type="number"
            min={1}
            max={max}
            value={container.size}
            onChange={(e) => update({ size: Number((e.currentTarget as HTMLInputElement).value) })}
          />
        </p>
        {container.mode === 'curated' && (
          <p class="ft-field ft-field--check">
            <input
              id={`${idBase}-fill`}
              type="checkbox"
              checked={Boolean(container.fill)}
              onChange={(e) => update({ fill: (e.currentTarget as HTMLInputElement).checked || undefined })}
            />
            <label for={`${idBase}-fill`}>Fill empty slots automatically</label>
          </p>
        )}
        {(container.mode === 'automatic' || container.fill) && (
          <SourceFields idBase={idBase} source={container.source ?? {}} choices={choices} onChange={(source) => update({ source })} />
        )}
      </div>
      {container.mode === 'automatic' ? (
        <p class="ft-container__auto">Shows the latest {container.size} stories matching its source. Drop or add a story here to pick stories by hand.</p>
      ) : (
        <ol class="ft-cards" aria-label={`Stories in ${name}`}>
          {container.cards.map((card, i) => (
            <CardItem card={card} at={{ container: index, card: i }} story={stories[card.articleId]} containers={titles} actions={actions} />
          ))}
          <li class="ft-cards__end">
            {container.cards.length === 0 ? 'No stories yet: drag one here or add one from the search.' : `${container.cards.length} of ${container.size}`}
            {container.fill && container.cards.length < container.size ? ', the rest filled automatically' : ''}
          </li>
        </ol>
      )}
    </li>
  );
}
