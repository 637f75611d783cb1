import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/database.ts';
import { siteSecrets } from './tables.ts';

const known = new WeakMap<Executor, Map<string, string>>();

/**
 * A named random key (or whatever `make` makes: a key pair), made the first time any process
 * asks for it and the same for all of them afterwards (the database decides which of two
 * racing processes' keys wins).
 */
export async function siteSecret(executor: Executor, name: string, make: () => string = () => crypto.randomBytes(32).toString('base64url')): Promise<string> {
  let cache = known.get(executor);
  if (!cache) known.set(executor, (cache = new Map()));
  const cached = cache.get(name);
  if (cached) return cached;
  await executor.insert(siteSecrets).values({ name, value: make() }).onConflictDoNothing();
  const [row] = await executor.select({ value: siteSecrets.value }).from(siteSecrets).where(eq(siteSecrets.name, name));
  cache.set(name, row!.value);
  return row!.value;
}
