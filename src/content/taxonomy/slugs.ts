import { pgCode, type Executor } from '../../platform/db/database.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import { firstFreeSlug, RESERVED_SLUGS, slugFrom } from '../slug.ts';
import { slugsStartingWith, slugTaken, type SluggedTable } from './repository.ts';

/**
 * The slug a new entity gets: the one asked for (refused if taken), or one made from its name
 * with a number added until it is free. A race between two creators ends at the unique index,
 * which the caller reports as a conflict.
 */
export async function allocateSlug(
  executor: Executor,
  table: SluggedTable,
  options: { requested?: string | undefined; from: string; fallback: string; reserved?: boolean; exceptId?: string },
): Promise<string> {
  if (options.requested) {
    if (options.reserved && RESERVED_SLUGS.has(options.requested)) {
      throw invalid('slug', `"${options.requested}" is reserved for the site's own pages; choose another slug.`);
    }
    if (await slugTaken(executor, table, options.requested, options.exceptId)) throw conflict(`The slug "${options.requested}" is already in use.`, 'slug');
    return options.requested;
  }
  let base = slugFrom(options.from, options.fallback);
  if (options.reserved && RESERVED_SLUGS.has(base)) base = `${base}-section`;
  return firstFreeSlug(base, await slugsStartingWith(executor, table, base, options.exceptId));
}

/** Runs a write and reports a unique-index race on the slug as the conflict it is. */
export async function withSlugConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (pgCode(error) === '23505') throw conflict('Another write took this slug at the same moment; try again.', 'slug');
    throw error;
  }
}
