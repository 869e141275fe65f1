import { DiscoveryService } from '@nestjs/core';
import type { Role } from '../domain/index.js';

/**
 * Who may still act: the roles a user holds now and whether their email is verified, or null for a user that does not exist (or may no
 * longer sign in) or a session that has ended (signed out, revoked, replaced by a password change).
 * A valid token is not enough: its user and its session must still be there, so ending a session
 * ends its access tokens at once. The identity domain provides it; the platform knows no user table.
 */
export interface ActorDirectory {
  current(userId: string, sessionId: string): Promise<{ roles: readonly Role[]; emailVerified: boolean } | null>;
}

/** Marks the provider that is the ActorDirectory; the AccessGuard finds it at start. */
export const ProvidesActors = DiscoveryService.createDecorator<void>();
