import {
  articles,
  findArticlesById,
  findImages,
  listAuthors,
  listSections,
  listTopics,
  presentImage,
  type ArticleRecord,
  type Urls,
} from '../content/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { UUID } from '../platform/ids.ts';
import type { FrontLayout, StorySummary } from './model.ts';

export type { StorySummary };
import { curatedStoryIds, layoutProblems, overrideImageIds, type LayoutProblem } from './validation.ts';

export function summarize(record: ArticleRecord, urls: Urls): StorySummary {
  const hero = record.refImages.find((image) => image.id === record.heroImageId);
  return {
    id: record.id,
    headline: record.headline,
    trail: record.standfirst,
    // The article's own kicker, shown unless the front overrides it: its first topic, or its section.
    kicker: record.topics[0]?.name ?? record.section.name,
    section: record.section.name,
    imageId: record.heroImageId,
    imageUrl: hero ? presentImage(hero, urls).src : null,
    published: record.status === 'published',
    publishedAt: record.publishedAt?.toISOString() ?? null,
  };
}

/** Every curated story of a layout, by id, in one query. */
export async function storiesOf(executor: Executor, urls: Urls, layout: FrontLayout): Promise<Record<string, StorySummary>> {
  const found = await findArticlesById(executor, curatedStoryIds(layout));
  return Object.fromEntries(found.map((record) => [record.id, summarize(record, urls)]));
}

/** Published stories matching what the editor typed (all, newest first, without it). */
export async function searchStories(executor: Executor, urls: Urls, query: { q?: string | undefined; section?: string | undefined }): Promise<StorySummary[]> {
  let section = query.section;
  // The tool may name a section by id (a section front's scope) or by slug.
  if (section && UUID.test(section)) {
    const id = section;
    section = (await listSections(executor)).find((s) => s.id === id)?.slug ?? section;
  }
  const q = query.q?.trim();
  const found = await articles.listPublishedArticles(executor, { ...(q ? { q, matchPrefix: true } : {}), ...(section ? { section } : {}), limit: 20 });
  return found.items.map((record) => summarize(record, urls));
}

/**
 * What a layout names that the newsroom does not have: stories that do not exist or are not
 * published, pictures that do not exist, sources that point nowhere. A fixed number of queries
 * whatever the size of the front.
 */
export async function contentProblems(executor: Executor, layout: FrontLayout): Promise<LayoutProblem[]> {
  const problems: LayoutProblem[] = [];
  const stories = new Map((await findArticlesById(executor, curatedStoryIds(layout))).map((r) => [r.id, r]));
  const imageIds = overrideImageIds(layout);
  const images = new Set((imageIds.length ? await findImages(executor, imageIds) : []).map((i) => i.id));
  const needsTaxonomy = layout.containers.some((c) => c.source && (c.source.sectionId || c.source.topicId || c.source.authorId));
  const [sections, topics, authors] = needsTaxonomy
    ? await Promise.all([listSections(executor), listTopics(executor), listAuthors(executor)]).then((lists) => lists.map((l) => new Set(l.map((x) => x.id))))
    : [new Set<string>(), new Set<string>(), new Set<string>()];
  layout.containers.forEach((container, c) => {
    const at = `containers[${c}]`;
    const name = container.title ? `“${container.title}”` : `container ${c + 1}`;
    container.cards.forEach((card, i) => {
      const story = stories.get(card.articleId);
      if (!story) problems.push({ path: `${at}.cards[${i}].articleId`, message: `Story ${card.articleId} in ${name} does not exist.` });
      else if (story.status !== 'published') {
        problems.push({ path: `${at}.cards[${i}].articleId`, message: `Story “${story.headline}” (${story.id}) in ${name} is not published.` });
      }
      const imageId = card.overrides?.imageId;
      if (imageId && !images.has(imageId)) {
        problems.push({ path: `${at}.cards[${i}].overrides.imageId`, message: `The picture ${imageId} chosen for a story in ${name} does not exist.` });
      }
    });
    const source = container.source ?? {};
    const missing = (
      [
        ['sectionId', 'section', sections],
        ['topicId', 'topic', topics],
        ['authorId', 'writer', authors],
      ] as const
    ).filter(([field, , known]) => source[field] && !known!.has(source[field]));
    for (const [field, what] of missing) problems.push({ path: `${at}.source.${field}`, message: `${name} takes stories from a ${what} that does not exist.` });
  });
  return problems;
}

/** Refuses a layout that breaks a shape rule or names what does not exist, before anything is written. */
export async function assertUsableLayout(executor: Executor, layout: FrontLayout, field = 'layout'): Promise<void> {
  const shape = layoutProblems(layout);
  const problems = shape.length ? shape : await contentProblems(executor, layout);
  const first = problems[0];
  if (first)
    throw new AppError('bad_request', first.message, `${field}.${first.path}`, { problems: problems.map((p) => ({ ...p, path: `${field}.${p.path}` })) });
}
