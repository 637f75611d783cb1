import type { PersonalDataPart } from '../../accounts/index.ts';
import { bylineOf, eraseNewsroomLinks } from './repository.ts';

/** The newsroom's part of a staff account's data; the audit trail stays (see accounts/privacy/exemptions.ts). */
export const newsroomPart: PersonalDataPart = {
  domain: 'newsroom',
  export: async (db, { id, publicUrl }) => {
    const byline = await bylineOf(db, id);
    return { newsroom: { byline: byline && { name: byline.name, url: `${publicUrl}/author/${byline.slug}` } } };
  },
  erase: (tx, user) => eraseNewsroomLinks(tx, user.id),
  covers: {
    export: ['author_accounts.user_id'],
    erase: ['author_accounts.user_id', 'editing_presence.user_id'],
  },
};
