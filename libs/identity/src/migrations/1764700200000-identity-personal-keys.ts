import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One key per person for their data inside events (crypto-shredding): deleting it, as erasing an
 * account does, leaves the events whole while the person's data in them reads as erased. The key
 * is kept wrapped by the data encryption key (FieldCipher).
 */
export class IdentityPersonalKeys1764700200000 implements MigrationInterface {
  name = 'IdentityPersonalKeys1764700200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_personal_keys (
        user_id     uuid        PRIMARY KEY,
        wrapped_key text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE identity_users ADD COLUMN erased_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_users DROP COLUMN erased_at`);
    await db.query(`DROP TABLE identity_personal_keys`);
  }
}
