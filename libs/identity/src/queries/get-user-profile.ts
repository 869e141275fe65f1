import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';
import { UserRecord } from '../projections/user.record.js';

export interface UserProfile {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  emailVerified: boolean;
  mfaEnabled: boolean;
  suspended: boolean;
  createdAt: string;
}

export class GetUserProfile extends Query<UserProfile> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetUserProfile)
export class GetUserProfileHandler implements IQueryHandler<GetUserProfile> {
  constructor(@InjectRepository(UserRecord) private readonly users: Repository<UserRecord>) {}

  async execute(query: GetUserProfile): Promise<UserProfile> {
    const user = await this.users.findOneBy({ id: query.userId });
    if (!user) throw IdentityErrors.userNotFound();
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      emailVerified: user.emailVerifiedAt !== null,
      mfaEnabled: user.mfaEnabled,
      suspended: user.suspendedAt !== null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
