import type { Database } from '../../platform/db/database.ts';
import { prepareTests, type PreparedTest } from './choose.ts';
import { articlePlacement, liveTests } from './repository.ts';

/** How long a process trusts its copy of the tests: a change made elsewhere applies within this. */
const FRESH_MS = 5_000;
/** Articles rarely move between sections; their placement is kept a minute, for this many. */
const PLACEMENT_MS = 60_000;
const PLACEMENTS = 5_000;

/**
 * The live tests, prepared for choosing, and where articles sit: read from the database every
 * few seconds instead of on every ask, so `/api/ask` costs no query for most readers.
 */
export function askSource(database: Database, now: () => number = Date.now) {
  let tests: { prepared: PreparedTest[]; at: number } | null = null;
  const placements = new Map<string, { value: { sectionId: string; topicIds: string[] } | null; at: number }>();
  return {
    async tests(): Promise<PreparedTest[]> {
      if (tests && now() - tests.at < FRESH_MS) return tests.prepared;
      tests = { prepared: prepareTests(await liveTests(database.db)), at: now() };
      return tests.prepared;
    },
    async placement(articleId: string) {
      const kept = placements.get(articleId);
      if (kept && now() - kept.at < PLACEMENT_MS) return kept.value;
      const value = await articlePlacement(database.db, articleId);
      if (placements.size >= PLACEMENTS) placements.delete(placements.keys().next().value!);
      placements.set(articleId, { value, at: now() });
      return value;
    },
    /** A test changed in this process: the next ask reads them again. */
    forget(): void {
      tests = null;
    },
  };
}

export type AskSource = ReturnType<typeof askSource>;
