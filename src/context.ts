import type { ContentEvents, Urls } from './content/index.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { LiveChannel } from './platform/live/index.ts';
import type { Metrics } from './platform/metrics/metrics.ts';
import type { MediaStorage } from './platform/storage/index.ts';

/** What route plugins are handed: the app's dependencies, built once in app.ts. */
export interface AppContext {
  config: Config;
  database: Database;
  storage: MediaStorage;
  urls: Urls;
  /** The same places as paths on this site, for links inside its own pages (see `withinSite`). */
  paths: Urls;
  /** Told of every committed content change; the page cache listens. */
  events: ContentEvents;
  /** Live updates to readers' open pages (SSE here, or through a GRIP proxy): domains define their kinds and publish after commit. */
  live: LiveChannel;
  /** What the process counts for Prometheus: domains define their metrics on it. */
  metrics: Metrics;
  now(): Date;
}
