import { readerIslands } from './reader-islands.ts';
import { startIslands } from '../web/islands/start.ts';

/** The island loader, the only script a reader page loads. */
startIslands(readerIslands);
