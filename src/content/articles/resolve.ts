import type { Executor } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import { MAX_BLOCKS, type Block } from '../blocks.ts';
import { findImages } from '../images/repository.ts';
import { htmlToBlocks } from '../import/html-to-blocks.ts';
import { markdownToBlocks } from '../import/markdown-to-blocks.ts';
import * as taxonomy from '../taxonomy/repository.ts';
import { bodyReferences, checkBody } from './body.ts';
import type { ArticleFields, HeroInput } from './inputs.ts';
import { existingIds } from './record-repository.ts';

// Resolving what a request names (slugs, edition codes, a body in one of three forms) into what the database holds.

export function chooseBody(input: Partial<ArticleFields>): Block[] | undefined {
  const given = (['body', 'bodyHtml', 'bodyMarkdown'] as const).filter((key) => input[key] !== undefined);
  if (given.length > 1) throw invalid(given[1]!, `Send the body one way only: ${given.join(' and ')} were both given.`);
  let blocks: Block[] | undefined;
  if (input.body !== undefined) return checkBody(input.body);
  if (input.bodyHtml !== undefined) blocks = htmlToBlocks(input.bodyHtml);
  if (input.bodyMarkdown !== undefined) blocks = markdownToBlocks(input.bodyMarkdown);
  if (blocks && blocks.length > MAX_BLOCKS)
    throw invalid(given[0]!, `${given[0]} converts to ${blocks.length} blocks; the most an article can have is ${MAX_BLOCKS}.`);
  return blocks;
}

function noDuplicates(values: string[], field: string) {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) throw invalid(`${field}[${i}]`, `${field}[${i}] lists "${value}" a second time.`);
    seen.add(value);
  });
}

/** Ids for the slugs a request names, in its order; an unknown slug is reported by position. */
async function resolveSlugs(field: 'authors' | 'writers' | 'topics', slugs: string[], find: (slugs: string[]) => Promise<{ slug: string; id: string }[]>) {
  noDuplicates(slugs, field);
  const found = new Map((await find(slugs)).map((row) => [row.slug, row.id]));
  const what = field === 'topics' ? 'a topic' : 'an author';
  return slugs.map((slug, i) => {
    const id = found.get(slug);
    if (!id) throw invalid(`${field}[${i}]`, `${field}[${i}] names ${what} that does not exist ("${slug}").`);
    return id;
  });
}

export const resolveAuthors = (executor: Executor, slugs: string[], field: 'authors' | 'writers' = 'authors') =>
  resolveSlugs(field, slugs, (s) => taxonomy.findAuthorsBySlug(executor, s));
export const resolveTopics = (executor: Executor, slugs: string[]) => resolveSlugs('topics', slugs, (s) => taxonomy.findTopicsBySlug(executor, s));

export async function resolveSection(executor: Executor, slug: string): Promise<string> {
  const section = await taxonomy.findSection(executor, { slug });
  if (!section) throw invalid('section', `section names a section that does not exist ("${slug}").`);
  return section.id;
}

export async function resolveEditions(executor: Executor, input: Partial<ArticleFields>): Promise<string[] | undefined> {
  if (input.edition !== undefined && input.editions !== undefined) throw invalid('editions', 'Send edition or editions, not both.');
  const known = (await taxonomy.listEditions(executor)).map((e) => e.code);
  if (input.edition !== undefined) {
    if (!known.includes(input.edition)) throw invalid('edition', `edition must be one of: ${known.join(', ')}.`);
    return [input.edition];
  }
  if (input.editions !== undefined) {
    noDuplicates(input.editions, 'editions');
    input.editions.forEach((code, i) => {
      if (!known.includes(code)) throw invalid(`editions[${i}]`, `editions[${i}] must be one of: ${known.join(', ')}.`);
    });
    return input.editions;
  }
  return undefined;
}

/** Checks every image and article the body and hero point at; returns the ids to index. */
export async function checkReferences(executor: Executor, articleId: string, body: Block[], hero: HeroInput | null) {
  const refs = bodyReferences(body);
  const imageRefs = [...(hero ? [{ id: hero.imageId.toLowerCase(), field: 'hero.imageId' }] : []), ...refs.images];
  const images = new Set((await findImages(executor, [...new Set(imageRefs.map((r) => r.id))])).map((i) => i.id));
  for (const ref of imageRefs) if (!images.has(ref.id)) throw invalid(ref.field, `${ref.field} names an image that does not exist.`);
  for (const ref of refs.articles) if (ref.id === articleId) throw invalid(ref.field, `${ref.field} points at the article itself.`);
  const articles = await existingIds(executor, [...new Set(refs.articles.map((r) => r.id))]);
  for (const ref of refs.articles) if (!articles.has(ref.id)) throw invalid(ref.field, `${ref.field} names an article that does not exist.`);
  return { imageIds: [...images], linkedIds: [...articles] };
}

export const heroColumns = (hero: HeroInput | null) => ({
  heroImageId: hero ? hero.imageId.toLowerCase() : null,
  heroAlt: hero?.alt ?? null,
  heroCaption: hero?.caption ?? null,
  heroCredit: hero?.credit ?? null,
});
