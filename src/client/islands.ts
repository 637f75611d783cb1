import { readerIslands } from './reader-islands.ts';
import { startIslands } from './start-islands.ts';

/** The island loader, the only script a reader page loads. */
startIslands(readerIslands);
