import { invalid } from '../../platform/errors.ts';
import { graphemeCount, isName } from '../../platform/text.ts';
import type { Block } from '../blocks.ts';
import type { PageRecord } from './repository.ts';

/**
 * Pure rules about the site's own pages: which slugs the site itself relies on, what state a
 * page is in for readers, and when a change reaches beyond the page (the footer on every page).
 */

/** Pages the site links from its forms by slug: they may be edited, never renamed or deleted. */
export const PRIVACY_SLUG = 'privacy';
export const COMMUNITY_STANDARDS_SLUG = 'community-standards';
export const RESERVED_PAGE_SLUGS: readonly string[] = [PRIVACY_SLUG, COMMUNITY_STANDARDS_SLUG];
export const isReservedPage = (slug: string) => RESERVED_PAGE_SLUGS.includes(slug);

/** `withdrawn`: it was published and is not any more, so its address answers 410, not 404. */
export type PageState = 'draft' | 'published' | 'withdrawn';

export function pageState(page: Pick<PageRecord, 'status' | 'publishedAt'>): PageState {
  if (page.status === 'published') return 'published';
  return page.publishedAt ? 'withdrawn' : 'draft';
}

type Listed = Pick<PageRecord, 'status' | 'title' | 'slug'>;

/**
 * Whether a change alters the links every page's footer carries: a page went live or left,
 * or a live page changed its title or address.
 */
export function footerChanged(before: Listed | null, after: Listed | null): boolean {
  const live = (page: Listed | null) => page?.status === 'published';
  if (live(before) !== live(after)) return true;
  if (!live(after)) return false;
  return before!.title !== after!.title || before!.slug !== after!.slug;
}

/** A page is the site speaking about itself: it holds no related-story cards. */
export function checkPageBlocks(body: Block[]): void {
  body.forEach((block, i) => {
    if (block.type === 'related') throw invalid(`body[${i}]`, `body[${i}] is a related-story block; a page cannot hold one.`);
  });
}

/** The longest title, counted as readers count characters (the API schema's limit too). */
export const PAGE_TITLE_MAX = 200;

/** One check for every way a page is written (the Admin API, the newsroom's form and editor). */
export function checkPageTitle(title: string): void {
  if (!isName(title) || graphemeCount(title) > PAGE_TITLE_MAX) throw invalid('title', `Give the page a title of one line, up to ${PAGE_TITLE_MAX} characters.`);
}
