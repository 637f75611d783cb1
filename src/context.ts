import type { MediaStorage } from './content/images/storage.ts';
import type { Urls } from './content/urls.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';

/** What route plugins are handed: the app's dependencies, built once in app.ts. */
export interface AppContext {
  config: Config;
  database: Database;
  storage: MediaStorage;
  urls: Urls;
  now(): Date;
}
