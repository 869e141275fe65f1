import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ActorDirectory, ProvidesActors, type Role } from '#platform';

/** The platform's ActorDirectory: a token's user must still exist, unsuspended, and its session still be active; only roles held now count (a role granted for a while stops at its end). */
@Injectable()
@ProvidesActors()
export class UsersActorDirectory implements ActorDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async current(userId: string, sessionId: string): Promise<{ roles: readonly Role[]; emailVerified: boolean } | null> {
    const [row]: { roles: Role[]; email_verified: boolean }[] = await this.dataSource.query(
      `SELECT identity_roles_now(u.roles, u.role_expiries) AS roles, u.email_verified_at IS NOT NULL AS email_verified
         FROM identity_users u JOIN identity_sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.session_id = $2 AND s.status = 'active' AND u.suspended_at IS NULL AND u.erased_at IS NULL`,
      [userId, sessionId],
    );
    return row ? { roles: row.roles, emailVerified: row.email_verified } : null;
  }
}
