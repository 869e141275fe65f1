import type { DomainEvent, Role } from '#platform/domain';


export type UserRegistered = DomainEvent<
  'identity.user-registered',
  { userId: string; email: string; displayName: string; passwordHash: string; roles: Role[] }
>;
export type RolesGranted = DomainEvent<'identity.roles-granted', { userId: string; roles: Role[] }>;
export type UserEvent = UserRegistered | RolesGranted;

export type SessionStarted = DomainEvent<
  'identity.session-started',
  { sessionId: string; userId: string; tokenHash: string; expiresAt: string }
>;
export type SessionRefreshed = DomainEvent<
  'identity.session-refreshed',
  { sessionId: string; tokenHash: string; expiresAt: string }
>;
export type SessionRevoked = DomainEvent<
  'identity.session-revoked',
  { sessionId: string; reason: 'token-reuse' | 'logout' }
>;
export type SessionEvent = SessionStarted | SessionRefreshed | SessionRevoked;

/** Stored names and current schema versions of every identity event. */
export const identityEventTypes = {
  'identity.user-registered': { schemaVersion: 1 },
  'identity.roles-granted': { schemaVersion: 1 },
  'identity.session-started': { schemaVersion: 1 },
  'identity.session-refreshed': { schemaVersion: 1 },
  'identity.session-revoked': { schemaVersion: 1 },
} as const;
