export const ROLES = ['learner', 'creator', 'expert', 'moderator', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as the access token says. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
}

export const STAFF_ROLES: readonly Role[] = ['moderator', 'finance', 'admin'];
