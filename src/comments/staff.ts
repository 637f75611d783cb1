import { ROLES } from '../web/roles.ts';

/** Everyone with a role above reader: moderators and the newsroom. */
const STAFF = new Set<string>(ROLES.filter((role) => role !== 'reader'));

/** Staff badge, and staff comments skip the checks meant for strangers. */
export const isStaff = (role: string) => STAFF.has(role);
