import { readerIslands } from './reader-islands.ts';
import { startIslands } from './start-islands.ts';

/**
 * The newsroom's loader: the reader islands (the header's menus) plus the editor and the
 * media library, so the editor's code never counts against a reader page's budget.
 */
startIslands({
  ...readerIslands,
  'article-editor': () => import('./newsroom/article-editor.island.tsx'),
  'media-library': () => import('./newsroom/media-library.island.tsx'),
});

const queue = document.querySelector<HTMLElement>('[data-moderation-queue]');
if (queue) void import('./newsroom/moderation-keys.ts').then(({ moderationKeys }) => moderationKeys(queue));
