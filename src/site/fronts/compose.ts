import type { CardPicture, CardSource, CardView } from '../../content/index.ts';
import type { AutomaticSource, Container, ContainerLayout, FrontCard, FrontLayout } from '../../fronts/index.ts';
import { articleKey, LIST_ALL, listKey } from '../cache/keys.ts';

/**
 * Pure: from a front's layout to the containers readers see. Two steps around one read: `plan`
 * says which stories and sources to read (one query, whatever the front's shape), `compose`
 * places what came back. The same functions serve the reader page, the editors' preview and
 * the Content API, so all three show the same front.
 */

/** A card as a front shows it: the story with the front's overrides applied. */
export interface FrontCardView extends CardView {
  boosted: boolean;
}

export interface FrontContainerView {
  id: string;
  title: string;
  layout: ContainerLayout;
  cards: FrontCardView[];
}

export interface FrontPlan {
  /** Every curated story, once, in the order placed. */
  ids: string[];
  /** Distinct automatic sources, each with enough stories to fill its containers after skipping repeats. */
  sources: CardSource[];
  /** Per container: the index in `sources` it fills from, or null. */
  sourceOf: (number | null)[];
  /** Pictures chosen by overrides. */
  imageIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);
/** A reference that cannot name anything (a layout written by hand, or by an older version) matches nothing, never everything. */
const NOTHING = '00000000-0000-0000-0000-000000000000';
const asUuid = (id: string) => (isUuid(id) ? id : NOTHING);

const fills = (container: Container) => container.mode === 'automatic' || container.fill === true;

/**
 * An automatic container reads its size plus at most as many again (at least six) to step over
 * stories shown higher: enough in practice, and the read stays bounded for any front.
 */
const readLimit = (size: number, shownBefore: number) => size + Math.min(shownBefore, Math.max(size, 6));

export function plan(layout: FrontLayout, subtree: (sectionId: string) => string[]): FrontPlan {
  const ids = new Set<string>();
  const imageIds = new Set<string>();
  const byKey = new Map<string, number>();
  const sources: CardSource[] = [];
  const sourceOf: (number | null)[] = [];
  const curatedCount = layout.containers.reduce((n, c) => n + (c.mode === 'curated' ? c.cards.length : 0), 0);
  let shownBefore = curatedCount;
  for (const container of layout.containers) {
    for (const card of container.mode === 'curated' ? container.cards : []) {
      if (isUuid(card.articleId)) ids.add(card.articleId);
      if (isUuid(card.overrides?.imageId)) imageIds.add(card.overrides.imageId);
    }
    if (!fills(container)) {
      sourceOf.push(null);
    } else {
      const source = cardSource(container.source ?? {}, subtree);
      const key = JSON.stringify(source);
      const limit = readLimit(container.size, shownBefore);
      let index = byKey.get(key);
      if (index === undefined) {
        byKey.set(key, (index = sources.length));
        sources.push({ ...source, limit });
      } else {
        // Containers sharing a source take from one list in turn: it must hold all of them.
        sources[index]!.limit = Math.max(sources[index]!.limit + container.size, limit);
      }
      sourceOf.push(index);
    }
    shownBefore += container.size;
  }
  return { ids: [...ids], sources, sourceOf, imageIds: [...imageIds] };
}

function cardSource(source: AutomaticSource, subtree: (sectionId: string) => string[]): Omit<CardSource, 'limit'> {
  return {
    ...(source.sectionId ? { sectionIds: isUuid(source.sectionId) ? subtree(source.sectionId) : [] } : {}),
    ...(source.topicId ? { topicId: asUuid(source.topicId) } : {}),
    ...(source.authorId ? { authorId: asUuid(source.authorId) } : {}),
    ...(source.withPicture ? { withPicture: true } : {}),
  };
}

/** What the read returned, presented. */
export interface FrontStories {
  placed: Map<string, CardView>;
  latest: CardView[][];
  images: Map<string, CardPicture>;
}

/**
 * Curated cards in order with their overrides; a missing or unpublished story drops out and the
 * fill (if any) takes its slot; automatic containers and fills skip any story shown higher or
 * placed by an editor anywhere on the front (the editor's place wins); empty containers go.
 */
export function compose(layout: FrontLayout, frontPlan: FrontPlan, stories: FrontStories): FrontContainerView[] {
  const reserved = new Set(frontPlan.ids.filter((id) => stories.placed.has(id)));
  const shown = new Set<string>();
  const out: FrontContainerView[] = [];
  layout.containers.forEach((container, index) => {
    const cards: FrontCardView[] = [];
    for (const card of container.mode === 'curated' ? container.cards.slice(0, container.size) : []) {
      const story = stories.placed.get(card.articleId);
      if (!story || shown.has(story.id)) continue;
      shown.add(story.id);
      cards.push(applyOverrides(story, card, stories.images));
    }
    const source = frontPlan.sourceOf[index];
    for (const story of source === null || source === undefined ? [] : (stories.latest[source] ?? [])) {
      if (cards.length >= container.size) break;
      if (shown.has(story.id) || reserved.has(story.id)) continue;
      shown.add(story.id);
      cards.push({ ...story, boosted: false });
    }
    if (cards.length) out.push({ id: container.id, title: container.title, layout: container.layout, cards });
  });
  return out;
}

export function applyOverrides(story: CardView, card: FrontCard, images: Map<string, CardPicture>): FrontCardView {
  const o = card.overrides ?? {};
  const chosen = o.imageId ? images.get(o.imageId) : undefined;
  // A picture reference that no longer resolves (the picture was deleted) keeps the story's own
  // picture with its own focal point (the front's was chosen for the missing one): never a broken card.
  const lost = o.imageId !== undefined && !chosen;
  const base = chosen ?? story.picture;
  const picture = base && o.focal && !lost ? { ...base, focal: { x: o.focal.x, y: o.focal.y } } : base;
  return {
    ...story,
    headline: o.headline?.trim() ? o.headline : story.headline,
    trail: o.trail?.trim() ? o.trail : story.trail,
    kicker: o.kicker?.trim() ? o.kicker : story.kicker,
    picture,
    boosted: card.boosted === true,
  };
}

/**
 * The surrogate keys of a front's page: every story shown and every curated story placed (an
 * edit, a new picture or an unpublish purges it) and the lists its sources read from (a new
 * story may enter them). A change to a picture itself purges every page (`changeEverything`).
 */
export function storyKeys(frontPlan: FrontPlan, shown: FrontContainerView[], edition: string | null): string[] {
  const keys = new Set<string>();
  for (const id of frontPlan.ids) keys.add(articleKey(id));
  for (const container of shown)
    for (const card of container.cards) {
      keys.add(articleKey(card.id));
    }
  for (const source of frontPlan.sources) {
    const lists = [
      ...(source.sectionIds ?? []).map((id) => listKey('section', id)),
      ...(source.topicId ? [listKey('topic', source.topicId)] : []),
      ...(source.authorId ? [listKey('author', source.authorId)] : []),
    ];
    if (!lists.length) lists.push(edition ? listKey('edition', edition) : LIST_ALL);
    lists.forEach((key) => keys.add(key));
  }
  return [...keys];
}
