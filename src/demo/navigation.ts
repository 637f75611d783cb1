import { saveMenu, type NavItemInput } from '../fronts/index.ts';
import type { ContentDeps } from '../content/index.ts';

/**
 * The demo editions' header menus, each leading with what its readers look for first. The
 * footers stay at their default (the site's own pages, then the editions), so they list the
 * demo's pages as they are published.
 */
const HEADERS: Record<string, NavItemInput[]> = {
  uk: [
    {
      label: 'News',
      url: '/news',
      children: [
        { label: 'UK news', url: '/uk-news' },
        { label: 'World', url: '/world' },
        { label: 'Asia Pacific', url: '/asia-pacific' },
      ],
    },
    { label: 'Business', url: '/business', children: [{ label: 'Trade', url: '/topic/trade' }] },
    { label: 'Climate', url: '/climate', children: [{ label: 'Energy', url: '/topic/energy' }] },
    { label: 'Culture', url: '/culture' },
  ],
  us: [
    {
      label: 'News',
      url: '/news',
      children: [
        { label: 'US politics', url: '/us-politics' },
        { label: 'Americas', url: '/americas' },
        { label: 'World', url: '/world' },
      ],
    },
    { label: 'Elections', url: '/topic/elections' },
    { label: 'Business', url: '/business' },
    { label: 'Climate', url: '/climate' },
    { label: 'Culture', url: '/culture' },
  ],
};

export async function seedNavigation(content: ContentDeps, now: Date): Promise<void> {
  for (const [edition, items] of Object.entries(HEADERS)) {
    await saveMenu(content, { edition, menu: 'header', items, version: 0 }, { actor: 'account:Demo editor', now });
  }
}
