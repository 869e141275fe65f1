import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';

export interface UserProfile {
  id: string;
  email: string;
  displayName: string;
  avatarUrl: string | null;
  bio: string | null;
  locale: string | null;
  timeZone: string | null;
  /** The roles held now (a role granted for a while is gone once it ended). */
  roles: Role[];
  /** When each role granted for a while ends; roles held until revoked are not in it. */
  roleExpiries: Partial<Record<Role, string>>;
  emailVerified: boolean;
  /** Whether a phone number was proved with a texted code (the number itself stays encrypted). */
  phoneVerified: boolean;
  mfaEnabled: boolean;
  suspended: boolean;
  createdAt: string;
}

export class GetUserProfile extends Query<UserProfile> {
  constructor(readonly userId: string) {
    super();
  }
}

/** The columns a profile is read from, for this query and the admin's user list. */
export const PROFILE_COLUMNS = `id, email, display_name, avatar_url, bio, locale, time_zone,
  identity_roles_now(roles, role_expiries) AS roles, role_expiries, email_verified_at, phone_verified_at, mfa_enabled, suspended_at, created_at`;

export interface ProfileRow {
  id: string;
  email: string;
  display_name: string;
  avatar_url: string | null;
  bio: string | null;
  locale: string | null;
  time_zone: string | null;
  roles: Role[];
  role_expiries: Partial<Record<Role, string>>;
  email_verified_at: Date | null;
  phone_verified_at: Date | null;
  mfa_enabled: boolean;
  suspended_at: Date | null;
  created_at: Date;
}

export function toProfile(row: ProfileRow): UserProfile {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    avatarUrl: row.avatar_url,
    bio: row.bio,
    locale: row.locale,
    timeZone: row.time_zone,
    roles: row.roles,
    roleExpiries: Object.fromEntries(Object.entries(row.role_expiries).filter(([role]) => row.roles.includes(role as Role))),
    emailVerified: row.email_verified_at !== null,
    phoneVerified: row.phone_verified_at !== null,
    mfaEnabled: row.mfa_enabled,
    suspended: row.suspended_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

@QueryHandler(GetUserProfile)
export class GetUserProfileHandler implements IQueryHandler<GetUserProfile> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute(query: GetUserProfile): Promise<UserProfile> {
    const [row]: ProfileRow[] = await this.dataSource.query(`SELECT ${PROFILE_COLUMNS} FROM identity_users WHERE id = $1`, [query.userId]);
    if (!row) throw IdentityErrors.userNotFound();
    return toProfile(row);
  }
}
