import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { FrontCard } from '../browser.ts';
import { acceptDrag, endDrag, startDrag, takeDrop, type Dragged } from './drag.ts';
import type { CardAt } from './layout-ops.ts';
import { OverridesForm } from './overrides.tsx';
import type { StorySummary } from './types.ts';

export interface CardActions {
  move(from: CardAt, step: -1 | 1): void;
  moveTo(from: CardAt, container: number): void;
  remove(at: CardAt): void;
  boost(at: CardAt, on: boolean): void;
  update(at: CardAt, card: FrontCard): void;
  drop(what: Dragged, into: number, position: number): void;
}

/**
 * One story in a curated container: what readers will see (the override where there is one),
 * and every action as a button, so the keyboard can do all a mouse can. The card itself can be
 * dragged and takes drops (the dropped story takes its place).
 */
export function CardItem({
  card,
  at,
  story,
  containers,
  actions,
}: {
  card: FrontCard;
  at: CardAt;
  story: StorySummary | undefined;
  containers: { title: string; index: number }[];
  actions: CardActions;
}) {
  const [editing, setEditing] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const [over, setOver] = useState(false);
  const targets = useRef<HTMLUListElement>(null);
  // Opening the list of containers takes the focus to its first choice; Escape goes back.
  useLayoutEffect(() => {
    if (choosing) targets.current?.querySelector('button')?.focus();
  }, [choosing]);
  const headline = card.overrides?.headline || story?.headline || 'A story that is no longer available';
  const idBase = `card-${card.articleId}`;
  const others = containers.filter((c) => c.index !== at.container);
  return (
    <li
      class={`ft-card${card.boosted ? ' ft-card--boosted' : ''}${over ? ' ft-card--over' : ''}`}
      data-card={card.articleId}
      tabIndex={-1}
      draggable
      onDragStart={(e) => {
        e.stopPropagation();
        startDrag(e, { kind: 'card', ...at }, headline);
      }}
      onDragEnd={endDrag}
      onDragOver={(e) => setOver(acceptDrag(e, ['card', 'story']))}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        const what = takeDrop(e, ['card', 'story']);
        if (what) actions.drop(what, at.container, at.card);
      }}
    >
      <div class="ft-card__summary">
        {story?.imageUrl && <img class="ft-card__image" src={story.imageUrl} alt="" width={80} height={48} />}
        <div>
          {(card.overrides?.kicker || story?.kicker) && <span class="ft-card__kicker">{card.overrides?.kicker || story?.kicker} </span>}
          <strong class="ft-card__headline">{headline}</strong>
          <span class="ft-card__meta">
            {story?.section}
            {story && !story.published && ' · not published: readers will not see it'}
            {card.overrides && Object.keys(card.overrides).length > 0 && ' · changed for this front'}
            {card.boosted && ' · boosted'}
          </span>
        </div>
      </div>
      <div class="ft-card__actions" role="group" aria-label={`Actions for ${headline}`}>
        <button type="button" class="button" data-action="up" onClick={() => actions.move(at, -1)}>
          Move up
        </button>
        <button type="button" class="button" data-action="down" onClick={() => actions.move(at, 1)}>
          Move down
        </button>
        <button type="button" class="button" data-action="to" aria-expanded={choosing} onClick={() => setChoosing(!choosing)}>
          Move to container…
        </button>
        <button type="button" class="button" data-action="boost" aria-pressed={Boolean(card.boosted)} onClick={() => actions.boost(at, !card.boosted)}>
          Boost
        </button>
        <button type="button" class="button" data-action="edit" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Change for this front
        </button>
        <button type="button" class="button button--danger" data-action="remove" onClick={() => actions.remove(at)}>
          Remove
        </button>
      </div>
      {choosing && (
        <ul
          class="ft-card__targets"
          aria-label="Move to which container"
          ref={targets}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            setChoosing(false);
            (e.currentTarget.closest('[data-card]')?.querySelector('[data-action="to"]') as HTMLElement | null)?.focus();
          }}
        >
          {others.length === 0 && <li>There is no other container.</li>}
          {others.map((c) => (
            <li>
              <button
                type="button"
                class="button"
                onClick={() => {
                  setChoosing(false);
                  actions.moveTo(at, c.index);
                }}
              >
                {c.title || `Container ${c.index + 1}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <OverridesForm idBase={idBase} story={story} value={card.overrides ?? {}} onChange={(overrides) => actions.update(at, overridden(card, overrides))} />
      )}
    </li>
  );
}

function overridden(card: FrontCard, overrides: FrontCard['overrides']): FrontCard {
  const next: FrontCard = { ...card, overrides };
  if (!overrides || Object.keys(overrides).length === 0) delete next.overrides;
  return next;
}
