import { readerIslands } from './reader-islands.ts';
import { startIslands } from '../web/islands/start.ts';

/**
 * The newsroom's loader: the reader islands (the header's menus) plus the editor and the
 * media library, so the editor's code never counts against a reader page's budget.
 */
startIslands({
  ...readerIslands,
  'article-editor': () => import('../newsroom/client/article-editor.island.tsx'),
  'media-library': () => import('../newsroom/client/media-library.island.tsx'),
  'fronts-tool': () => import('../fronts/client/fronts-tool.island.tsx'),
  'page-editor': () => import('../newsroom/client/page-editor.island.tsx'),
  'live-composer': () => import('../newsroom/client/live-composer.island.tsx'),
});

const queue = document.querySelector<HTMLElement>('[data-moderation-queue]');
if (queue) void import('../newsroom/client/moderation-keys.ts').then(({ moderationKeys }) => moderationKeys(queue));
