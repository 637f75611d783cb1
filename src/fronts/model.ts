/**
 * The shape of a front, shared by the newsroom's fronts tool (in the browser), the services
 * that store and publish it and the site that renders it. Pure types and constants: nothing
 * here touches the database or Node, so the tool's island can import it.
 *
 * A front (an edition's front page, or a section's page) is an ordered list of containers; a
 * container shows its stories in one of a few layouts, either picked by editors (curated) or
 * the latest of a section, topic or writer (automatic). A curated container may fill its empty
 * slots automatically. Stored as one JSON document per version, so a draft, a published
 * version, a scheduled one and every version in the history are the same kind of value.
 */

/** The layouts a container can take, with how many stories each shows at most. */
export const CONTAINER_LAYOUTS = {
  /** One big story with its picture, and up to four smaller ones beside it. */
  lead: { label: 'Lead story with picture', max: 5 },
  /** A grid of top stories; a boosted story spans two columns. */
  top: { label: 'Top stories', max: 8 },
  /** Four cards of equal weight in a row. */
  row: { label: 'Row of four', max: 4 },
  /** Headlines only, in a list. */
  headlines: { label: 'Headline list', max: 12 },
  /** Opinion: each card shows its writer's face and name first. */
  opinion: { label: 'Opinion, with writers’ faces', max: 6 },
  /** A strip across the top for breaking news, headlines only. */
  breaking: { label: 'Breaking news strip', max: 3 },
} as const;

export type ContainerLayout = keyof typeof CONTAINER_LAYOUTS;
export const CONTAINER_LAYOUT_NAMES = Object.keys(CONTAINER_LAYOUTS) as ContainerLayout[];

/** At most this many containers on one front. */
export const MAX_CONTAINERS = 24;
/** Longest override texts, in characters. */
export const OVERRIDE_LIMITS = { headline: 200, trail: 400, kicker: 60 } as const;
export const MAX_TITLE = 80;

/**
 * What an editor changed for one story on one front, without touching the article. Empty or
 * missing fields show the article's own. `imageId` replaces the card's picture; `focal` is the
 * point (fractions of width and height) the card's crop is centred on.
 */
export interface CardOverrides {
  headline?: string;
  trail?: string;
  kicker?: string;
  imageId?: string;
  focal?: { x: number; y: number };
}

/** A story an editor placed in a curated container. */
export interface FrontCard {
  articleId: string;
  /** Shown bigger than its neighbours (the layout decides how). */
  boosted?: boolean;
  overrides?: CardOverrides;
}

/**
 * Where an automatic container (or a curated one filling its empty slots) takes its stories
 * from: the latest published in the front's edition matching every filter given.
 */
export interface AutomaticSource {
  /** A section id; its subsections are included. */
  sectionId?: string;
  topicId?: string;
  authorId?: string;
  /** Only stories with a picture (for layouts that need one). */
  withPicture?: boolean;
}

export interface Container {
  /** Stable within the front, so the tool and the history can follow a container as it moves. */
  id: string;
  title: string;
  layout: ContainerLayout;
  mode: 'curated' | 'automatic';
  /** How many stories it shows: 1 to its layout's `max`. */
  size: number;
  /** Curated stories in order (empty for an automatic container). */
  cards: FrontCard[];
  /** An automatic container's source; for a curated one, where its empty slots are filled from. */
  source?: AutomaticSource;
  /** A curated container fills slots left empty (or emptied by an unpublished story) from `source`. */
  fill?: boolean;
}

export interface FrontLayout {
  containers: Container[];
}

/** Which front: an edition's front page, or a section's page (one per section, in every edition). */
export type FrontScope = { kind: 'edition'; edition: string } | { kind: 'section'; sectionId: string };

/** A story as the fronts tool shows it on a card and in its search: the article's own texts, before any override. */
export interface StorySummary {
  id: string;
  headline: string;
  trail: string;
  kicker: string;
  section: string;
  imageId: string | null;
  imageUrl: string | null;
  published: boolean;
  publishedAt: string | null;
}
