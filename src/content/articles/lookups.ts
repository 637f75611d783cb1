import type { Executor } from '../../platform/db/database.ts';
import type { Block } from '../blocks.ts';
import { findImages } from '../images/repository.ts';
import { bodyReferences } from './body.ts';
import type { Lookups } from './present.ts';
import { findSummaries } from './record-repository.ts';

/**
 * The pictures and stories the given bodies point at, one query each however many bodies: for
 * bodies read without them (live entries), where an article's own read brings its lookups along.
 */
export async function readLookups(executor: Executor, bodies: Block[][]): Promise<Lookups> {
  const imageIds = new Set<string>();
  const articleIds = new Set<string>();
  for (const body of bodies) {
    const refs = bodyReferences(body);
    for (const ref of refs.images) imageIds.add(ref.id);
    for (const ref of refs.articles) articleIds.add(ref.id);
  }
  const [images, summaries] = await Promise.all([findImages(executor, [...imageIds]), findSummaries(executor, [...articleIds])]);
  return { images: new Map(images.map((image) => [image.id, image])), summaries: new Map(summaries.map((summary) => [summary.id, summary])) };
}
