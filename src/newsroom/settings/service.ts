import type { Database } from '../../platform/db/database.ts';
import { audit, type Actor } from '../../platform/audit/repository.ts';
import { writeSetting, type NewsroomSettings } from './repository.ts';

/** An admin changes the newsroom's settings; the change and its audit entry commit together. */
export async function changeSettings(database: Database, actor: Actor, input: NewsroomSettings, now: Date): Promise<void> {
  await database.transaction(async (tx) => {
    await writeSetting(tx, 'staffSecondFactor', input.staffSecondFactor, actor.id, now);
    await audit(
      tx,
      actor,
      { action: 'settings.change', targetType: 'settings', targetId: 'staffSecondFactor', details: { value: input.staffSecondFactor } },
      now,
    );
  });
}
