import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { siteSettings } from '../tables.ts';

/**
 * Newsroom settings, with their defaults. Staff need a second factor (a passkey or an
 * authenticator app) unless an admin turns that off: a newsroom account can publish to a
 * national audience.
 */
export interface NewsroomSettings {
  staffSecondFactor: boolean;
}

export const DEFAULT_SETTINGS: NewsroomSettings = { staffSecondFactor: true };

export async function readSettings(executor: Executor): Promise<NewsroomSettings> {
  const rows = await executor.select({ key: siteSettings.key, value: siteSettings.value }).from(siteSettings);
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return { staffSecondFactor: typeof stored.staffSecondFactor === 'boolean' ? stored.staffSecondFactor : DEFAULT_SETTINGS.staffSecondFactor };
}

export async function writeSetting<K extends keyof NewsroomSettings>(
  executor: Executor,
  key: K,
  value: NewsroomSettings[K],
  by: string,
  now: Date,
): Promise<void> {
  const [existing] = await executor.select({ key: siteSettings.key }).from(siteSettings).where(eq(siteSettings.key, key));
  if (existing) await executor.update(siteSettings).set({ value, updatedAt: now, updatedBy: by }).where(eq(siteSettings.key, key));
  else await executor.insert(siteSettings).values({ key, value, updatedAt: now, updatedBy: by });
}
