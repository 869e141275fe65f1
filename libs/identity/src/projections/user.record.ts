import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '#platform';

/** A row of the users read model. Written only by UsersProjector. */
@Entity('identity_users')
export class UserRecord {
  @PrimaryColumn('uuid') id: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { array: true }) roles: Role[];
  @Column('timestamptz', { name: 'email_verified_at', nullable: true }) emailVerifiedAt: Date | null;
  @Column('boolean', { name: 'mfa_enabled' }) mfaEnabled: boolean;
  @Column('timestamptz', { name: 'suspended_at', nullable: true }) suspendedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
