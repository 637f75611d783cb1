import { CONTAINER_LAYOUTS, type Container, type FrontCard, type FrontLayout } from '../browser.ts';

/**
 * Every change the tool makes to a front's layout, as pure functions of the layout: the drag
 * and drop and the keyboard buttons call the same ones, so both paths behave alike and are
 * tested once. Each returns a new layout (never changes the one given) and a sentence for
 * the live region saying what happened.
 */
export interface Change {
  layout: FrontLayout;
  said: string;
}

/** Where a card is: its container's index and its own. */
export interface CardAt {
  container: number;
  card: number;
}

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));
const withContainers = (containers: Container[]): FrontLayout => ({ containers });
const replace = (layout: FrontLayout, index: number, container: Container) => withContainers(layout.containers.map((c, i) => (i === index ? container : c)));

/** A container id not used on this front yet. */
export function newContainerId(layout: FrontLayout, random = Math.random): string {
  const taken = new Set(layout.containers.map((c) => c.id));
  for (;;) {
    const id = `c-${Math.floor(random() * 36 ** 6).toString(36)}`;
    if (!taken.has(id)) return id;
  }
}

export function addContainer(layout: FrontLayout, at: number, id: string): Change {
  const container: Container = { id, title: 'New container', layout: 'top', mode: 'curated', size: 4, cards: [] };
  const containers = [...layout.containers];
  containers.splice(clamp(at, 0, containers.length), 0, container);
  return { layout: withContainers(containers), said: `Added a new container at position ${clamp(at, 0, layout.containers.length) + 1}.` };
}

export function removeContainer(layout: FrontLayout, index: number): Change {
  const gone = layout.containers[index];
  return { layout: withContainers(layout.containers.filter((_, i) => i !== index)), said: `Removed the container ${gone?.title ?? ''}.` };
}

/** Moves a container to the position `to` (counted in the list without it). */
export function moveContainer(layout: FrontLayout, from: number, to: number): Change {
  const containers = [...layout.containers];
  const [moved] = containers.splice(from, 1);
  if (!moved) return { layout, said: '' };
  const target = clamp(to, 0, containers.length);
  containers.splice(target, 0, moved);
  return { layout: withContainers(containers), said: `Moved the container ${moved.title} to position ${target + 1} of ${containers.length}.` };
}

export function updateContainer(layout: FrontLayout, index: number, changes: Partial<Container>): FrontLayout {
  const container = layout.containers[index];
  if (!container) return layout;
  const next = { ...container, ...changes };
  const max = CONTAINER_LAYOUTS[next.layout].max;
  next.size = clamp(Math.round(next.size) || 1, 1, max);
  if (next.mode === 'automatic') next.cards = [];
  return replace(layout, index, next);
}

/** Where on the front an article already is, if anywhere (a story appears once per front). */
export function findStory(layout: FrontLayout, articleId: string): CardAt | null {
  for (const [c, container] of layout.containers.entries()) {
    const card = container.cards.findIndex((x) => x.articleId === articleId);
    if (card >= 0) return { container: c, card };
  }
  return null;
}

/**
 * Puts a story in a container at `position`. An automatic container becomes curated and fills
 * its other slots from its source, so a breaking story can lead in one move; a full container
 * grows to its layout's maximum, then lets its last story go.
 */
export function addStory(layout: FrontLayout, articleId: string, into: number, position: number, title: (id: string) => string): Change {
  const existing = findStory(layout, articleId);
  if (existing) return moveCard(layout, existing, into, position, title);
  const container = layout.containers[into];
  if (!container) return { layout, said: '' };
  const notes: string[] = [];
  let next: Container = { ...container, cards: [...container.cards] };
  if (next.mode === 'automatic') {
    next = { ...next, mode: 'curated', fill: true };
    notes.push(`${container.title} is now curated and fills its other slots automatically.`);
  }
  next.cards.splice(clamp(position, 0, next.cards.length), 0, { articleId });
  const max = CONTAINER_LAYOUTS[next.layout].max;
  if (next.cards.length > next.size) next.size = Math.min(next.cards.length, max);
  const dropped = next.cards.length > next.size ? next.cards.pop() : undefined;
  if (dropped) notes.push(`${title(dropped.articleId)} no longer fits and was taken off.`);
  const at = next.cards.findIndex((c) => c.articleId === articleId) + 1;
  return { layout: replace(layout, into, next), said: [`Added ${title(articleId)} to ${container.title}, position ${at}.`, ...notes].join(' ') };
}

export function removeCard(layout: FrontLayout, at: CardAt, title: (id: string) => string): Change {
  const container = layout.containers[at.container];
  const card = container?.cards[at.card];
  if (!container || !card) return { layout, said: '' };
  const next = { ...container, cards: container.cards.filter((_, i) => i !== at.card) };
  return { layout: replace(layout, at.container, next), said: `Removed ${title(card.articleId)} from ${container.title}.` };
}

/** Moves a card to `position` in container `into` (counted in that list without the card). */
export function moveCard(layout: FrontLayout, from: CardAt, into: number, position: number, title: (id: string) => string): Change {
  const source = layout.containers[from.container];
  const card = source?.cards[from.card];
  const target = layout.containers[into];
  if (!source || !card || !target) return { layout, said: '' };
  const removed = removeCard(layout, from, title).layout;
  const landing = removed.containers[into]!;
  if (into !== from.container && landing.mode === 'curated' && landing.cards.length >= CONTAINER_LAYOUTS[landing.layout].max)
    return { layout, said: `${target.title} is full: take a story off it first.` };
  const added = addStory(removed, card.articleId, into, position, title);
  const moved = findStory(added.layout, card.articleId);
  const placed = moved ? withCard(added.layout, moved, card) : added.layout;
  const where = moved ? `position ${moved.card + 1} of ${placed.containers[moved.container]!.cards.length} in ${target.title}` : target.title;
  const extra = added.said.replace(/^Added .*?position \d+\.\s?/, '');
  return { layout: placed, said: [`Moved ${title(card.articleId)} to ${where}.`, extra].filter(Boolean).join(' ') };
}

/** Replaces the card at `at` (its overrides, its boost). */
export function withCard(layout: FrontLayout, at: CardAt, card: FrontCard): FrontLayout {
  const container = layout.containers[at.container];
  if (!container) return layout;
  return replace(layout, at.container, { ...container, cards: container.cards.map((c, i) => (i === at.card ? card : c)) });
}

/** Boosts one story (shown bigger; the layout decides how) or takes the boost off. */
export function boostCard(layout: FrontLayout, at: CardAt, on: boolean, title: (id: string) => string): Change {
  const card = layout.containers[at.container]?.cards[at.card];
  if (!card) return { layout, said: '' };
  const next = stripUndefined(withCard(layout, at, { ...card, boosted: on || undefined }));
  return { layout: next, said: on ? `${title(card.articleId)} is boosted.` : `${title(card.articleId)} is no longer boosted.` };
}

/** JSON has no undefined: the tool drops empty optional fields so what it sends is what it shows. */
export function stripUndefined(layout: FrontLayout): FrontLayout {
  return JSON.parse(JSON.stringify(layout)) as FrontLayout;
}
