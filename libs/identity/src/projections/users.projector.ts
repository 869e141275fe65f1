import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ERASED, FieldCipher, InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import type { UserEvent } from '../domain/identity-events.js';

const UNIQUE_VIOLATION = '23505';

/** Keeps identity_users in step with user streams, in the append's transaction. */
@Injectable()
@InlineProjection()
export class UsersProjector implements InlineProjector {
  constructor(private readonly cipher: FieldCipher) {}

  readonly eventTypes = [
    'identity.user-registered',
    'identity.roles-granted',
    'identity.roles-revoked',
    'identity.profile-updated',
    'identity.email-changed',
    'identity.account-erased',
    'identity.phone-verified',
    'identity.email-verified', 'identity.mfa-enabled', 'identity.mfa-disabled', 'identity.user-suspended', 'identity.user-unsuspended',
  ] as const;

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
        case 'identity.roles-granted': {
          const { userId, roles, expiresAt } = event.data;
          const ends = expiresAt === undefined ? {} : Object.fromEntries(roles.map((role) => [role, expiresAt]));
          // A grant sets the end of each role anew: removed for a lasting grant, replaced for a temporary one.
          await manager.query(
            `UPDATE identity_users
                SET roles = ARRAY(SELECT DISTINCT unnest(roles || $2::text[]) ORDER BY 1),
                    role_expiries = (role_expiries - $2::text[]) || $3::jsonb, updated_at = $4
              WHERE id = $1`,
            [userId, roles, JSON.stringify(ends), event.createdAt],
          );
          break;
        }
        case 'identity.roles-revoked':
          await manager.query(
            `UPDATE identity_users
                SET roles = ARRAY(SELECT unnest(roles) EXCEPT SELECT unnest($2::text[]) ORDER BY 1),
                    role_expiries = role_expiries - $2::text[], updated_at = $3
              WHERE id = $1`,
            [event.data.userId, event.data.roles, event.createdAt],
          );
          break;
        case 'identity.profile-updated': {
          const { changes } = event.data;
          const columns = { displayName: 'display_name', avatarUrl: 'avatar_url', bio: 'bio', locale: 'locale', timeZone: 'time_zone' } as const;
          const fields = (Object.keys(columns) as (keyof typeof columns)[]).filter((field) => field in changes);
          await manager.query(
            `UPDATE identity_users SET ${fields.map((field, i) => `${columns[field]} = $${i + 3}`).join(', ')}${fields.length ? ',' : ''} updated_at = $2 WHERE id = $1`,
            [event.data.userId, event.createdAt, ...fields.map((field) => changes[field])],
          );
          break;
        }
        case 'identity.account-erased':
          // The row stays (ids elsewhere point at it); nothing of the person does. The email is made unique and unroutable.
          await manager.query(
            `UPDATE identity_users
                SET email = id || '@erased.invalid', display_name = $2, avatar_url = NULL, bio = NULL, locale = NULL, time_zone = NULL,
                    roles = '{}', role_expiries = '{}', mfa_enabled = false, phone_encrypted = NULL, phone_verified_at = NULL,
                    erased_at = $3, updated_at = $3
              WHERE id = $1`,
            [event.data.userId, ERASED, event.createdAt],
          );
          break;
        case 'identity.phone-verified':
          // The number is sensitive: encrypted at rest, with the user's id authenticated beside it.
          await manager.query(`UPDATE identity_users SET phone_encrypted = $2, phone_verified_at = $3, updated_at = $3 WHERE id = $1`, [
            event.data.userId,
            this.cipher.encrypt(event.data.phone, `phone:${event.data.userId}`),
            event.createdAt,
          ]);
          break;
        case 'identity.email-changed': {
          // The unique email is enforced here, as at registration: of two accounts proving one address, one wins.
          await manager
            .query(`UPDATE identity_users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1`, [
              event.data.userId,
              event.data.email,
              event.createdAt,
            ])
            .catch((error: { code?: string }) => {
              throw error.code === UNIQUE_VIOLATION ? IdentityErrors.emailTaken() : error;
            });
          break;
        }
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
