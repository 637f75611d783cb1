import type { PersonalDataPart } from '../accounts/index.ts';
import { erasePresence, presenceOf } from './repository/presence.ts';

/** The fronts domain's part of a staff account's data: which fronts the tool last saw it on. */
export const frontsPart: PersonalDataPart = {
  domain: 'fronts',
  export: async (db, { id }) => ({
    frontsTool: { openFronts: (await presenceOf(db, id)).map((p) => ({ frontId: p.frontId, seenAt: p.seenAt.toISOString() })) },
  }),
  erase: (tx, user) => erasePresence(tx, user.id),
  covers: { export: ['front_presence.user_id'], erase: ['front_presence.user_id'] },
};
