import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import type { UserEvent } from '../domain/identity-events.js';

/** Keeps identity_users in step with user streams, in the append's transaction. */
@Injectable()
@InlineProjection()
export class UsersProjector implements InlineProjector {
  readonly eventTypes = ['identity.user-registered', 'identity.roles-granted', 'identity.email-verified', 'identity.mfa-enabled', 'identity.mfa-disabled', 'identity.user-suspended', 'identity.user-unsuspended'] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<UserEvent>[]) {
      switch (event.type) {
        case 'identity.user-registered': {
          const { userId, email, displayName, roles } = event.data;
          const inserted: unknown[] = await manager.query(
            `INSERT INTO identity_users (id, email, display_name, roles, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)
             ON CONFLICT (email) DO NOTHING RETURNING id`,
            [userId, email, displayName, roles, event.createdAt],
          );
          // The unique email is enforced here, so two racing registrations cannot both win.
          if (inserted.length === 0) throw IdentityErrors.emailTaken();
          break;
        }
        case 'identity.roles-granted':
          await manager.query(
            `UPDATE identity_users
                SET roles = ARRAY(SELECT DISTINCT unnest(roles || $2::text[]) ORDER BY 1), updated_at = $3
              WHERE id = $1`,
            [event.data.userId, event.data.roles, event.createdAt],
          );
          break;
        case 'identity.user-suspended':
        case 'identity.user-unsuspended':
          await manager.query(`UPDATE identity_users SET suspended_at = $2, updated_at = $3 WHERE id = $1`, [
            event.data.userId,
            event.type === 'identity.user-suspended' ? event.createdAt : null,
            event.createdAt,
          ]);
          break;
        case 'identity.mfa-enabled':
        case 'identity.mfa-disabled':
          await manager.query(`UPDATE identity_users SET mfa_enabled = $2, updated_at = $3 WHERE id = $1`, [
            event.data.userId,
            event.type === 'identity.mfa-enabled',
            event.createdAt,
          ]);
          break;
        case 'identity.email-verified':
          await manager.query(`UPDATE identity_users SET email_verified_at = $2, updated_at = $2 WHERE id = $1`, [event.data.userId, event.createdAt]);
          break;
      }
    }
  }
}
