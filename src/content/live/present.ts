import type { Executor } from '../../platform/db/database.ts';
import { enhancePublicBlocks, type EnhancedBlock } from '../articles/present.ts';
import { findImages } from '../images/repository.ts';
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
