import type { Executor } from '../../platform/db/database.ts';
import { readLookups } from '../articles/lookups.ts';
import { enhancePublicBlocks, referencesOf, type EnhancedBlock } from '../articles/present.ts';
import { presentImage } from '../images/present.ts';
import { findImages, type ImageRow } from '../images/repository.ts';
import type { Urls } from '../urls.ts';
import type { LiveEntryRecord } from './repository.ts';

/** A published entry as readers see it: what the entry renderer, the feeds and the Content API show. */
export interface LiveEntryView {
  id: string;
  title: string;
  body: EnhancedBlock[];
  bodyText: string;
  keyEvent: boolean;
  pinned: boolean;
  position: number;
  publishedAt: string;
  updatedAt: string | null;
  lastChange: number;
  writers: { slug: string; name: string; url: string }[];
}

/** Entries for readers, with the pictures all of them show read in one query (never one per entry). */
export async function presentEntries(executor: Executor, entries: LiveEntryRecord[], urls: Urls): Promise<LiveEntryView[]> {
  const imageIds = new Set<string>();
  for (const entry of entries) for (const block of entry.body) if (block.type === 'image') imageIds.add(block.imageId.toLowerCase());
  const images = imageIds.size ? await findImages(executor, [...imageIds]) : [];
  return entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    body: enhancePublicBlocks(entry.body, images, urls),
    bodyText: entry.bodyText,
    keyEvent: entry.keyEvent,
    pinned: entry.pinned,
    position: entry.position ?? 0,
    publishedAt: (entry.publishedAt ?? entry.createdAt).toISOString(),
    updatedAt: entry.updatedAt ? entry.updatedAt.toISOString() : null,
    lastChange: entry.lastChange,
    writers: entry.writers.map((w) => ({ slug: w.slug, name: w.name, url: urls.author(w.slug) })),
  }));
}

/** What an entry's body points at, keyed as the body names it, for the newsroom's editor to draw (as an article's `references`). */
export interface EntryReferences {
  images: Record<string, { src: string | null; alt: string }>;
  articles: Record<string, { headline: string }>;
}

/**
 * The pictures and stories each entry's body points at, by entry id: the composer's editor
 * draws a picture block from its picture (as the library holds it), which the body names only
 * by id. All entries' pictures and stories are read in one query each.
 */
export async function entryReferences(executor: Executor, entries: LiveEntryRecord[], urls: Urls): Promise<Map<string, EntryReferences>> {
  const lookups = await readLookups(
    executor,
    entries.map((entry) => entry.body),
  );
  const show = {
    image: (image: ImageRow) => ({ src: presentImage(image, urls).src, alt: image.alt }),
    article: (summary: { headline: string }) => ({ headline: summary.headline }),
  };
  return new Map(entries.map((entry) => [entry.id, referencesOf(entry.body, lookups, show)]));
}
