import { commentCounts } from '../../comments/index.ts';
import { cardPicture, listSections, presentCard, readCards, type CardRecord, type SectionRow, type Urls } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { frontIdFor, readPublished, startingLayout, type FrontLayout, type FrontScope } from '../../fronts/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import { commentsKey, frontKey, FRONTS_UNMADE } from '../cache/keys.ts';
import { compose, plan, storyKeys, type FrontContainerView } from './compose.ts';

/**
 * Reading a front for readers: the layout (published, or the starting one), then every story,
 * source and picture in one read of two queries, the comment counts in one more.
 * A fixed number of queries per front, whatever its size.
 */

export interface LoadedFront {
  containers: (FrontContainerView & { cards: (FrontContainerView['cards'][number] & { commentCount?: number })[] })[];
  /** Surrogate keys: the front itself, its stories and the lists its sources read. */
  keys: string[];
}

/** The layout readers see for a scope, and the front's id when an editor has made it. */
export async function readerLayout(db: Executor, sections: SectionRow[], scope: FrontScope): Promise<{ frontId: string | null; layout: FrontLayout }> {
  const published = await readPublished(db, scope);
  if (published) return { frontId: published.frontId, layout: published.layout };
  const topLevel = sections.filter((s) => !s.parentId).map((s) => ({ id: s.id, name: s.name }));
  return { frontId: await frontIdFor(db, scope), layout: startingLayout(scope, topLevel) };
}

/** Pure: a section and every section below it, by id. */
export function subtreeOf(sections: SectionRow[], id: string): string[] {
  const found: string[] = [];
  const walk = (sectionId: string) => {
    if (found.includes(sectionId) || !sections.some((s) => s.id === sectionId)) return;
    found.push(sectionId);
    for (const child of sections) if (child.parentId === sectionId) walk(child.id);
  };
  walk(id);
  return found;
}

/** The containers a layout shows, with their stories; `edition` limits automatic sources to one edition. */
export async function loadFront(
  db: Executor,
  urls: Urls,
  sections: SectionRow[],
  layout: FrontLayout,
  edition: string | null,
  options: { counts?: boolean } = {},
): Promise<LoadedFront> {
  const frontPlan = plan(layout, (id) => subtreeOf(sections, id));
  // Heroes, writers' faces and override pictures come in the same read, each picture once.
  const read = await readCards(db, { ids: frontPlan.ids, sources: frontPlan.sources, edition, imageIds: frontPlan.imageIds });
  const present = (record: CardRecord) => presentCard(record, urls, read.images);
  const containers: LoadedFront['containers'] = compose(layout, frontPlan, {
    placed: new Map([...read.placed].map(([id, record]) => [id, present(record)])),
    latest: read.latest.map((list) => list.map(present)),
    images: new Map(frontPlan.imageIds.flatMap((id) => (read.images.has(id) ? [[id, cardPicture(read.images.get(id)!, urls)] as const] : []))),
  });
  const keys = storyKeys(frontPlan, containers, edition);
  if (options.counts !== false) {
    const taking = containers.flatMap((c) => c.cards).filter((card) => card.commentsEnabled);
    const counts = await commentCounts(db, [...new Set(taking.map((card) => card.id))]);
    for (const card of taking) card.commentCount = counts.get(card.id) ?? 0;
    keys.push(...new Set(taking.map((card) => commentsKey(card.id))));
  }
  return { containers, keys };
}

/** The key a front's pages carry: its own, or the one every front change purges while it has none. */
export const frontTag = (frontId: string | null) => (frontId ? frontKey(frontId) : FRONTS_UNMADE);

/**
 * What the Content API shows of a scope's front: the same layout and containers as the reader
 * page, without comment counts (the API's cards are about the stories).
 */
export async function readFrontForApi(ctx: AppContext, scope: FrontScope): Promise<LoadedFront['containers']> {
  const db = ctx.database.db;
  const sections = await listSections(db);
  const { layout } = await readerLayout(db, sections, scope);
  return (await loadFront(db, ctx.urls, sections, layout, scope.kind === 'edition' ? scope.edition : null, { counts: false })).containers;
}
