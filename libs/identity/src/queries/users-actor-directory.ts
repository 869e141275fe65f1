import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { type ActorDirectory, ProvidesActors, type Role } from '#platform';
import { UserRecord } from '../projections/user.record.js';

/** The platform's ActorDirectory: a token's user must still exist, and only roles held now count. */
@Injectable()
@ProvidesActors()
export class UsersActorDirectory implements ActorDirectory {
  constructor(@InjectRepository(UserRecord) private readonly users: Repository<UserRecord>) {}

  async currentRoles(userId: string): Promise<readonly Role[] | null> {
    const user = await this.users.findOne({ where: { id: userId }, select: { id: true, roles: true } });
    return user ? user.roles : null;
  }
}
