import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../platform/db/database.ts';
import type { Asset } from './assets.ts';

/** Assets no process has built for this long belong to no release still serving. */
const KEEP_DAYS = 30;

/** Adds this process's assets to those kept (or marks them built again), and drops those of releases long gone. */
export async function keepAssets(executor: Executor, files: Map<string, Asset>, now: Date): Promise<void> {
  for (const [name, asset] of files)
    await executor.execute(
      sql`insert into kept_assets (name, type, etag, body, last_built_at) values (${name}, ${asset.type}, ${asset.etag}, ${asset.body}, ${now.toISOString()}::timestamptz)
          on conflict (name) do update set last_built_at = excluded.last_built_at`,
    );
  await executor.execute(sql`delete from kept_assets where last_built_at < ${new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString()}::timestamptz`);
}

/** An asset another release built, by name; null when none did. */
export async function findKeptAsset(executor: Executor, name: string): Promise<Asset | null> {
  const [row] = await rows<{ type: string; etag: string; body: Buffer | Uint8Array }>(
    executor,
    sql`select type, etag, body from kept_assets where name = ${name}`,
  );
  return row ? { type: row.type, etag: row.etag, body: Buffer.from(row.body) } : null;
}
