import type { Executor } from '../../platform/db/database.ts';
import type { EnhancedBlock } from '../articles/present.ts';
import type { Block } from '../blocks.ts';
import { presentImage } from '../images/present.ts';
import { findImages, type ImageRow } from '../images/repository.ts';
import type { Urls } from '../urls.ts';
import type { PageRecord, PageRevisionRecord, PageRevisionSummary } from './repository.ts';
import { isReservedPage, pageState } from './rules.ts';

/**
 * The site's own pages as the APIs and the reader site show them. Image blocks gain their
 * image's sizes and URLs (the same enhanced blocks articles render with); a missing image is
 * left out of what readers see.
 */

/** The images a set of pages shows, read in one query. */
export async function pageImages(executor: Executor, pages: PageRecord[]): Promise<Map<string, ImageRow>> {
  const ids = pages.flatMap((p) => p.body.flatMap((b) => (b.type === 'image' ? [b.imageId.toLowerCase()] : [])));
  return new Map((await findImages(executor, [...new Set(ids)])).map((image) => [image.id, image]));
}

function enhance(body: Block[], images: Map<string, ImageRow>, urls: Urls): EnhancedBlock[] {
  return body.flatMap((block): EnhancedBlock[] => {
    if (block.type === 'related') return [];
    if (block.type !== 'image') return [block];
    const image = images.get(block.imageId.toLowerCase());
    return image ? [{ ...block, image: presentImage(image, urls, block) }] : [];
  });
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** What readers and apps see (the Content API's page). */
export function presentPublicPage(page: PageRecord, images: Map<string, ImageRow>, urls: Urls) {
  return {
    id: page.id,
    slug: page.slug,
    url: urls.page(page.slug),
    title: page.title,
    summary: page.summary,
    body: enhance(page.body, images, urls),
    publishedAt: iso(page.publishedAt),
    updatedAt: iso(page.updatedAt),
  };
}

/** The newsroom's view: the stored blocks exactly (a client sends back what it read), the version, the state. */
export function presentAdminPage(page: PageRecord, urls: Urls) {
  return {
    id: page.id,
    slug: page.slug,
    url: urls.page(page.slug),
    state: pageState(page),
    reserved: isReservedPage(page.slug),
    version: page.version,
    title: page.title,
    summary: page.summary,
    body: page.body,
    publishedAt: iso(page.publishedAt),
    updatedAt: iso(page.updatedAt),
    createdAt: page.createdAt.toISOString(),
    modifiedAt: page.modifiedAt.toISOString(),
  };
}

export const presentRevision = (r: PageRevisionSummary) => ({
  version: r.version,
  action: r.action,
  actor: r.actor,
  title: r.title,
  createdAt: r.createdAt.toISOString(),
});

/** One revision with what the page said then (the Admin API's and the page editor's history). */
export const presentRevisionDetail = (r: PageRevisionRecord) => ({
  version: r.version,
  action: r.action,
  actor: r.actor,
  createdAt: r.createdAt.toISOString(),
  snapshot: r.snapshot,
});
