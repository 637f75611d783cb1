import { useEffect, useRef, useState } from 'preact/hooks';
import { useCsrf } from '../../newsroom/browser.ts';
import { MAX_CONTAINERS, type FrontCard } from '../browser.ts';
import type { CardAt } from './layout-ops.ts';
import {
  addContainer,
  addStory,
  boostCard,
  moveCard,
  moveContainer,
  newContainerId,
  removeCard,
  removeContainer,
  updateContainer,
  withCard,
  type Change,
} from './layout-ops.ts';
import { ConflictPanel } from './conflict.tsx';
import { ContainerPanel, type ContainerActions } from './container.tsx';
import type { Dragged } from './drag.ts';
import { HistoryPanel } from './history.tsx';
import { PreviewPanel } from './preview.tsx';
import { PublishBar } from './publish-bar.tsx';
import { StorySearch } from './search.tsx';
import type { ToolProps } from './types.ts';
import { useFront } from './use-front.ts';

/** Where keyboard focus goes after a change re-renders the list: the moved thing's same button. */
type FocusTarget = { selector: string; fallback?: string } | null;

/**
 * The fronts tool: the front's containers in order, each with its settings and its stories;
 * the story search; save, publish and schedule; history; the preview at two widths. Every
 * change goes through the pure functions of layout-ops.ts, is announced in the live region and
 * keeps the keyboard's focus on what moved.
 */
export default function FrontsTool({ frontId, csrf, choices }: ToolProps) {
  useCsrf(csrf);
  const tool = useFront(frontId);
  const [said, setSaid] = useState('');
  const focusNext = useRef<FocusTarget>(null);
  const { layout, stories } = tool;
  const title = (id: string) => `“${stories[id]?.headline ?? 'a story'}”`;

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    const el = document.querySelector<HTMLElement>(target.selector);
    const usable = el && !(el as HTMLButtonElement).disabled ? el : target.fallback ? document.querySelector<HTMLElement>(target.fallback) : null;
    usable?.focus();
  });
  useEffect(() => {
    if (tool.view) document.body.dataset.frontsReady = 'true';
  }, [tool.view]);

  function apply(change: Change, focus: FocusTarget = null) {
    if (change.layout !== layout) tool.change(change.layout);
    // The same sentence twice would not be read again: a zero-width space makes it new.
    setSaid((before) => (before === change.said ? `${change.said}\u200b` : change.said));
    focusNext.current = focus;
  }
  const cardFocus = (articleId: string, action: string): FocusTarget => ({
    selector: `[data-card="${articleId}"] [data-action="${action}"]`,
    fallback: `[data-card="${articleId}"]`,
  });
  const articleAt = (at: CardAt) => layout.containers[at.container]?.cards[at.card]?.articleId ?? '';

  const actions: ContainerActions = {
    move(from, step) {
      const id = articleAt(from);
      const cards = layout.containers[from.container]!.cards;
      const target = from.card + step;
      if (target >= 0 && target < cards.length) return apply(moveCard(layout, from, from.container, target, title), cardFocus(id, step < 0 ? 'up' : 'down'));
      // Past either end of its container, a card goes on to the neighbouring curated container.
      let next = from.container + step;
      while (layout.containers[next]?.mode === 'automatic') next += step;
      const into = layout.containers[next];
      if (!into)
        return apply({ layout, said: `${title(id)} is already ${step < 0 ? 'first' : 'last'} on the front.` }, cardFocus(id, step < 0 ? 'up' : 'down'));
      apply(moveCard(layout, from, next, step < 0 ? into.cards.length : 0, title), cardFocus(id, step < 0 ? 'up' : 'down'));
    },
    moveTo(from, container) {
      const id = articleAt(from);
      apply(moveCard(layout, from, container, 0, title), cardFocus(id, 'to'));
    },
    remove(at) {
      const cards = layout.containers[at.container]!.cards;
      const neighbour = cards[at.card + 1] ?? cards[at.card - 1];
      const containerId = layout.containers[at.container]!.id;
      apply(removeCard(layout, at, title), neighbour ? cardFocus(neighbour.articleId, 'remove') : { selector: `[data-container="${containerId}"]` });
    },
    boost(at, on) {
      apply(boostCard(layout, at, on, title), cardFocus(articleAt(at), 'boost'));
    },
    update(at: CardAt, card: FrontCard) {
      tool.change(withCard(layout, at, card));
    },
    drop(what: Dragged, into: number, position: number) {
      if (what.kind === 'container') return apply(moveContainer(layout, what.index, into));
      if (what.kind === 'story') return apply(addStory(layout, what.id, into, position, title));
      apply(moveCard(layout, { container: what.container, card: what.card }, into, position, title));
    },
    moveContainer(index, step) {
      const id = layout.containers[index]!.id;
      apply(moveContainer(layout, index, index + step), {
        selector: `[data-container="${id}"] .ft-container__actions [data-action="${step < 0 ? 'up' : 'down'}"]`,
        fallback: `[data-container="${id}"]`,
      });
    },
    removeContainer(index) {
      const neighbour = layout.containers[index + 1] ?? layout.containers[index - 1];
      apply(removeContainer(layout, index), neighbour ? { selector: `[data-container="${neighbour.id}"]` } : { selector: '#ft-add-container' });
    },
    updateContainer(index, changes) {
      tool.change(updateContainer(layout, index, changes));
    },
  };

  function newContainer(at: number) {
    const id = newContainerId(layout);
    apply(addContainer(layout, at, id), { selector: `#container-${id}-title` });
  }

  if (!tool.view) {
    return (
      <p class="ft-loading" role="status">
        {tool.message || 'Opening the front…'}
      </p>
    );
  }
  const titles = layout.containers.map((c, index) => ({ title: c.title, index }));
  const full = layout.containers.length >= MAX_CONTAINERS;
  return (
    <div class="fronts-tool">
      <div class="ft-main">
        <PublishBar tool={tool} />
        {tool.conflict && (
          <ConflictPanel
            mine={tool.conflict.mine}
            theirs={tool.conflict.theirs}
            stories={stories}
            onKeepTheirs={tool.keepTheirs}
            onOverwrite={() => void tool.overwrite()}
          />
        )}
        <p class="visually-hidden" aria-live="assertive" data-announce>
          {said}
        </p>
        <p>
          <button type="button" class="button" id="ft-add-container-top" disabled={full} onClick={() => newContainer(0)}>
            Add a container at the top
          </button>
        </p>
        <ol class="ft-containers" aria-label="Containers, in order">
          {layout.containers.map((container, index) => (
            <ContainerPanel
              container={container}
              index={index}
              count={layout.containers.length}
              stories={stories}
              titles={titles}
              choices={choices}
              actions={actions}
            />
          ))}
        </ol>
        {layout.containers.length === 0 && <p>This front has no containers yet: add one to start.</p>}
        <p>
          <button type="button" class="button" id="ft-add-container" disabled={full} onClick={() => newContainer(layout.containers.length)}>
            Add a container at the end
          </button>
          {full && ` A front holds at most ${MAX_CONTAINERS} containers.`}
        </p>
      </div>
      <aside class="ft-side" aria-label="Stories, history and preview">
        <StorySearch
          containers={titles}
          choices={choices}
          onFound={tool.know}
          placed={(id) => layout.containers.some((c) => c.cards.some((card) => card.articleId === id))}
          onAdd={(story, into) => {
            tool.know([story]);
            apply(addStory(layout, story.id, into, 0, (id) => `“${id === story.id ? story.headline : (stories[id]?.headline ?? 'a story')}”`));
          }}
        />
        <HistoryPanel frontId={frontId} published={tool.view.publishedNumber} onRestore={tool.restore} />
        <PreviewPanel frontId={frontId} version={tool.view.version} />
      </aside>
    </div>
  );
}
