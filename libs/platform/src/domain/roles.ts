/** The roles a user can hold (several at once). Pure data: domains may speak of them. */
export const ROLES = ['learner', 'creator', 'expert', 'moderator', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles of the back office (/api/v1/admin/*), reached only with a second factor. */
export const STAFF_ROLES: readonly Role[] = ['moderator', 'finance', 'admin'];
