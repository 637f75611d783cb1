import type { Urls } from '../urls.ts';
import type { CardImage, CardRecord } from './card-repository.ts';

/**
 * A story as a card shows it (fronts on the site and in the Content API): no body, no topics,
 * no corrections. Pictures carry lean `srcset` candidates: one modern format and widths up to 1280 px,
 * which covers every card size on screens up to twice the density; JPEG is only the fallback.
 */
export interface CardPicture {
  id: string;
  width: number;
  height: number;
  alt: string;
  /** Fractions across and down: what stays in view where the card crops the picture. */
  focal: { x: number; y: number };
  /** A JPEG near 960 px wide, for browsers that take neither AVIF nor WebP. */
  src: string | null;
  /**
   * The files a `srcset` offers, narrowest first, all of `type`: AVIF where it has been made,
   * else WebP. Data, so a page keeps the widths its slot needs without parsing a string.
   */
  candidates: PictureCandidate[];
  type: 'image/avif' | 'image/webp' | 'image/jpeg';
}

/** One file of a picture's `srcset`: its width in pixels and its address. */
export interface PictureCandidate {
  width: number;
  url: string;
}

/** Pure: candidates as the value of a `srcset` attribute. */
export const srcsetOf = (candidates: PictureCandidate[]): string => candidates.map((c) => `${c.url} ${c.width}w`).join(', ');

export interface CardView {
  id: string;
  url: string;
  headline: string;
  trail: string;
  kicker: string;
  section: { slug: string; name: string; url: string };
  picture: CardPicture | null;
  writers: { name: string; url: string; face: CardPicture | null }[];
  publishedAt: string | null;
  commentsEnabled: boolean;
  /** An open live blog: its card carries a "Live" mark. */
  live: boolean;
}

const LARGEST = 1280;

export function cardPicture(image: CardImage, urls: Urls, alt?: string | null): CardPicture {
  const sorted = [...image.variants].sort((a, b) => a.width - b.width);
  const pick = (format: string) => sorted.filter((v) => v.format === format && v.width <= LARGEST);
  const modern = pick('avif').length ? 'avif' : pick('webp').length ? 'webp' : 'jpeg';
  const jpegs = sorted.filter((v) => v.format === 'jpeg');
  const fallback = jpegs.filter((v) => v.width <= 960).pop() ?? jpegs[0];
  return {
    id: image.id,
    width: image.width,
    height: image.height,
    alt: alt ?? image.alt,
    focal: { x: image.focalX, y: image.focalY },
    src: fallback ? urls.media(image.id, fallback.file) : null,
    candidates: pick(modern).map((v) => ({ width: v.width, url: urls.media(image.id, v.file) })),
    type: `image/${modern}` as CardPicture['type'],
  };
}

/** `faces`: the writers' pictures by id, as read with the front's other pictures. */
export function presentCard(record: CardRecord, urls: Urls, faces: Map<string, CardImage> = new Map()): CardView {
  return {
    id: record.id,
    url: urls.article(record.section.slug, record.slug),
    headline: record.headline,
    trail: record.standfirst,
    kicker: record.section.name,
    section: { slug: record.section.slug, name: record.section.name, url: urls.section(record.section.slug) },
    picture: record.hero ? cardPicture(record.hero, urls, record.heroAlt) : null,
    writers: record.authors.map((a) => {
      const face = a.photoId ? faces.get(a.photoId) : undefined;
      return { name: a.name, url: urls.author(a.slug), face: face ? cardPicture(face, urls, '') : null };
    }),
    publishedAt: record.publishedAt ? record.publishedAt.toISOString() : null,
    commentsEnabled: record.commentsEnabled,
    live: record.live,
  };
}
