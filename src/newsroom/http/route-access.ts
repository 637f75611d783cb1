import { ADMIN_ROLES, EDITOR_ROLES, STAFF_ROLES } from '../../web/roles.ts';

/**
 * Who may open the newsroom's pages. Every one of them needs a strong session: a newsroom
 * account can publish to the whole audience. Readers and moderators are not staff
 * (moderation has its own pages).
 */
export const staffOnly = { access: 'account', html: true, roles: STAFF_ROLES, strong: true } as const;
export const editorsOnly = { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } as const;
export const adminOnly = { access: 'account', html: true, roles: ADMIN_ROLES, strong: true } as const;
