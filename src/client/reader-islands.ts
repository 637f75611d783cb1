import type { IslandRegistry } from '../web/islands/start.ts';

/** The reader site's islands, each its own chunk. */
export const readerIslands: IslandRegistry = {
  'edition-switch': () => import('../web/islands/edition-switch.island.tsx'),
  'account-menu': () => import('../web/islands/account-menu.island.tsx'),
  'passkey-add': () => import('../accounts/client/passkey-add.island.tsx'),
  'passkey-sign-in': () => import('../accounts/client/passkey-sign-in.island.tsx'),
  'proof-of-work': () => import('../accounts/client/proof-of-work.island.tsx'),
  comments: () => import('../comments/client/comments.island.tsx'),
  'alerts-prompt': () => import('../alerts/client/alerts-prompt.island.tsx'),
  'follow-live-blog': () => import('../alerts/client/follow-live-blog.island.tsx'),
  'live-updates': () => import('../site/client/live-updates.island.tsx'),
  'support-ask': () => import('../revenue/client/support-ask.island.tsx'),
  'support-thanks': () => import('../revenue/client/support-thanks.island.tsx'),
};
