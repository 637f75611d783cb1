import type { IslandRegistry } from './start-islands.ts';

/** The reader site's islands, each its own chunk. */
export const readerIslands: IslandRegistry = {
  'edition-switch': () => import('./edition-switch.island.tsx'),
  'account-menu': () => import('./account-menu.island.tsx'),
  'passkey-add': () => import('./passkey-add.island.tsx'),
  'passkey-sign-in': () => import('./passkey-sign-in.island.tsx'),
  'proof-of-work': () => import('./proof-of-work.island.tsx'),
  comments: () => import('./comments/comments.island.tsx'),
  'alerts-prompt': () => import('./alerts/alerts-prompt.island.tsx'),
  'support-ask': () => import('./support/support-ask.island.tsx'),
  'support-thanks': () => import('./support/support-thanks.island.tsx'),
};
