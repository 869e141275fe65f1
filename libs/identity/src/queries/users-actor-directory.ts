import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ActorDirectory, ProvidesActors, type Role } from '#platform';

/** The platform's ActorDirectory: a token's user must still exist and its session still be active; only roles held now count. */
@Injectable()
@ProvidesActors()
export class UsersActorDirectory implements ActorDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async currentRoles(userId: string, sessionId: string): Promise<readonly Role[] | null> {
    const [row]: { roles: Role[] }[] = await this.dataSource.query(
      `SELECT u.roles FROM identity_users u JOIN identity_sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.session_id = $2 AND s.status = 'active'`,
      [userId, sessionId],
    );
    return row?.roles ?? null;
  }
}
