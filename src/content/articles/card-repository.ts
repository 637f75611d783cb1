import { sql } from 'drizzle-orm';
import { preparedRows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { fromJson, toDateOrNull } from '../../platform/db/values.ts';
import type { ImageVariant } from '../images/variants.ts';

/**
 * The light read behind fronts: every story a front places and the latest stories of each of
 * its automatic sources, with only what a card shows, and their pictures, in two round trips.
 * The statements' text is the same for any front (ids and sources travel as JSON parameters),
 * so each is prepared once per connection and a front of 80 cards costs what one of 8 does.
 */

/** Where an automatic container takes its latest stories from; every filter given must match. */
export interface CardSource {
  /** Any of these sections (the caller expands a section to its subtree). */
  sectionIds?: string[];
  topicId?: string;
  authorId?: string;
  withPicture?: boolean;
  /** How many of its latest to read. */
  limit: number;
}

/** A picture as a card needs it: sizes and variants for `srcset`, the focal point for its crop. */
export interface CardImage {
  id: string;
  width: number;
  height: number;
  alt: string;
  focalX: number;
  focalY: number;
  variants: ImageVariant[];
}

export interface CardRecord {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  section: { id: string; slug: string; name: string };
  hero: CardImage | null;
  heroAlt: string | null;
  /** `photoId`: the writer's face, read with the front's other pictures (few writers, many cards). */
  authors: { slug: string; name: string; photoId: string | null }[];
  publishedAt: Date | null;
  commentsEnabled: boolean;
  /** An open live blog's card says "Live". */
  live: boolean;
}

export interface CardRead {
  /** The published stories among the ids asked for (a missing or unpublished one is absent). */
  placed: Map<string, CardRecord>;
  /** Each source's latest published stories, newest first, in the order the sources were given. */
  latest: CardRecord[][];
  /** Every picture the cards show (heroes, writers' faces) and the extra ones asked for, by id. */
  images: Map<string, CardImage>;
}

/**
 * The columns a card reads, taken where the stories are picked: joining the picked ids back to
 * `articles` made PGlite's planner loop over every article per card (most of the read's time).
 */
const CARD_COLUMNS = sql.raw(`a.id, a.slug, a.headline, a.standfirst, a.published_at, a.comments_enabled, a.hero_alt, a.section_id, a.hero_image_id`);

/**
 * Published stories only (what readers may see). `edition` limits the sources' stories to one
 * edition (an edition's front); placed stories are shown whatever their edition, as editors chose them.
 * Two round trips: the stories (their writers aggregated once, not per card), then every picture
 * they show by id, each read once however many cards share it. `imageIds`: more pictures to read
 * with them (a front's override pictures).
 */
export async function readCards(
  executor: Executor,
  request: { ids: string[]; sources: CardSource[]; edition: string | null; imageIds?: string[] },
): Promise<CardRead> {
  const read: CardRead = { placed: new Map(), latest: request.sources.map(() => []), images: new Map() };
  const found =
    request.ids.length || request.sources.length
      ? await preparedRows<SqlRow>(
          executor,
          sql`with src as (
          select (t.ord - 1)::int as idx, t.value as s from jsonb_array_elements(${JSON.stringify(request.sources)}::jsonb) with ordinality as t(value, ord)
        ), picked as (
          select null::int as source, ${CARD_COLUMNS} from articles a
          where a.id in (select (jsonb_array_elements_text(${JSON.stringify(request.ids)}::jsonb))::uuid) and a.status = 'published'
          union all
          select src.idx, x.* from src cross join lateral (
            select ${CARD_COLUMNS} from articles a
            where a.status = 'published'
              and (${request.edition}::text is null or ${request.edition}::text = any(a.editions))
              and (src.s->'sectionIds' is null or a.section_id in (select (jsonb_array_elements_text(src.s->'sectionIds'))::uuid))
              and (src.s->>'topicId' is null
                   or exists (select 1 from article_topics x where x.article_id = a.id and x.topic_id = (src.s->>'topicId')::uuid))
              and (src.s->>'authorId' is null
                   or exists (select 1 from article_authors x where x.article_id = a.id and x.author_id = (src.s->>'authorId')::uuid))
              and (coalesce((src.s->>'withPicture')::boolean, false) = false or a.hero_image_id is not null)
            order by a.published_at desc, a.id desc
            limit (src.s->>'limit')::int) x
        ), writers as (
          select aa.article_id, json_agg(json_build_object('slug', au.slug, 'name', au.name, 'photoId', au.photo_id) order by aa.position) as authors
          from article_authors aa join authors au on au.id = aa.author_id
          where aa.article_id in (select id from picked)
          group by aa.article_id
        )
        select a.source, a.id, a.slug, a.headline, a.standfirst, a.published_at, a.comments_enabled, a.hero_alt, a.hero_image_id,
          s.id as section_id, s.slug as section_slug, s.name as section_name, coalesce(w.authors, '[]'::json) as authors, lb.state as live_state
        from picked a join sections s on s.id = a.section_id left join writers w on w.article_id = a.id
          left join live_blogs lb on lb.article_id = a.id
        order by a.source nulls first, a.published_at desc, a.id desc`,
        )
      : [];
  const cards = found.map((row) => ({
    source: row.source as number | null | undefined,
    heroId: row.hero_image_id as string | null,
    record: toCardRecord(row),
  }));
  const imageIds = new Set(request.imageIds);
  for (const { heroId, record } of cards) {
    if (heroId) imageIds.add(heroId);
    for (const author of record.authors) if (author.photoId) imageIds.add(author.photoId);
  }
  if (imageIds.size) {
    const pictures = await preparedRows<SqlRow>(
      executor,
      sql`select id, width, height, alt, focal_x, focal_y, variants from images
          where id in (select (jsonb_array_elements_text(${JSON.stringify([...imageIds])}::jsonb))::uuid)`,
    );
    for (const row of pictures) read.images.set(row.id, toCardImage(row));
  }
  for (const { source, heroId, record } of cards) {
    record.hero = heroId ? (read.images.get(heroId) ?? null) : null;
    if (source === null || source === undefined) read.placed.set(record.id, record);
    else read.latest[Number(source)]?.push(record);
  }
  return read;
}

function toCardImage(row: SqlRow): CardImage {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    alt: row.alt,
    focalX: Number(row.focal_x),
    focalY: Number(row.focal_y),
    variants: fromJson(row.variants),
  };
}

function toCardRecord(row: SqlRow): CardRecord {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    standfirst: row.standfirst,
    section: { id: row.section_id, slug: row.section_slug, name: row.section_name },
    hero: null,
    heroAlt: row.hero_alt ?? null,
    authors: fromJson(row.authors),
    publishedAt: toDateOrNull(row.published_at),
    commentsEnabled: row.comments_enabled,
    live: row.live_state === 'open',
  };
}
