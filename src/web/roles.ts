/**
 * Who is who, in one place: every route's `roles` and every rights check names these lists
 * rather than spelling roles out, so adding a role is one change.
 */
export const ROLES = ['reader', 'moderator', 'contributor', 'writer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who works in the newsroom; readers and moderators do not (moderation has its own pages). */
export const STAFF_ROLES = ['contributor', 'writer', 'editor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who decides what readers see: publishing, alerts, asks, sections and topics. */
export const EDITOR_ROLES = ['editor', 'admin'] as const;

/** Who runs the newsroom itself: staff, settings, tokens, the audit log. */
export const ADMIN_ROLES = ['admin'] as const;

/** Who may moderate: moderators, and editors and admins who stand above them. */
export const MODERATOR_ROLES = ['moderator', 'editor', 'admin'] as const;

export const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);
