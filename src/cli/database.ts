import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrate.ts';
import { say } from './command.ts';

// The database drivers, the app and the domains are imported by the commands that need them:
// loading all of them takes seconds, which a usage error, `migrate` or `token create` (and the
// tests that run each command in a process of its own) need not wait for.

/** Opens the configured database and applies pending migrations. */
export async function openMigrated(config: Config): Promise<Database> {
  const { openDatabase } = await import('../platform/db/open.ts');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ran = await migrate(database);
  if (ran.length) say(`Applied migrations: ${ran.join(', ')}`);
  return database;
}

/** Runs `work` on the migrated database and closes it, whatever happens. */
export async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openMigrated(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Where the site keeps its media, as configured (DATA_DIR/media or the S3 bucket). */
export async function openMediaStorage(config: Config) {
  const { openMediaStorage: open } = await import('../platform/storage/index.ts');
  return open(config.media);
}
