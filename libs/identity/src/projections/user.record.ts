import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '#platform';

/** A row of the users read model. Written only by UsersProjector. */
@Entity('identity_users')
export class UserRecord {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  /** Every role granted; those in roleExpiries stop counting at their end (ask identity_roles_now in SQL). */
  @Column('text', { array: true }) roles: Role[];
  @Column('jsonb', { name: 'role_expiries' }) roleExpiries: Partial<Record<Role, string>>;
  @Column('text', { name: 'avatar_url', nullable: true }) avatarUrl: string | null;
  @Column('text', { nullable: true }) bio: string | null;
  @Column('text', { nullable: true }) locale: string | null;
  @Column('text', { name: 'time_zone', nullable: true }) timeZone: string | null;
  @Column('timestamptz', { name: 'email_verified_at', nullable: true }) emailVerifiedAt: Date | null;
  @Column('boolean', { name: 'mfa_enabled' }) mfaEnabled: boolean;
  @Column('timestamptz', { name: 'suspended_at', nullable: true }) suspendedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

