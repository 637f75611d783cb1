import type { Database } from '../../platform/db/database.ts';
import type { ModerationSettings } from './pipeline.ts';
import { storedModerationSettings } from './repository.ts';
import { withTunables } from './settings.ts';

/** How long a process trusts its copy: a change made in another process applies within this. */
const FRESH_MS = 5_000;

/**
 * The moderation settings for the posting path, read from the database at most every few
 * seconds instead of on every comment; a change saved in this process applies at once.
 */
export function moderationSettingsSource(database: Database, now: () => number = Date.now) {
  let copy: { settings: ModerationSettings; at: number } | null = null;
  return {
    async get(): Promise<ModerationSettings> {
      if (copy && now() - copy.at < FRESH_MS) return copy.settings;
      copy = { settings: withTunables(await storedModerationSettings(database.db)), at: now() };
      return copy.settings;
    },
    forget(): void {
      copy = null;
    },
  };
}

export type ModerationSettingsSource = ReturnType<typeof moderationSettingsSource>;
