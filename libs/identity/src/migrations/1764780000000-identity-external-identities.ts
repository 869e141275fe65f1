import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider accounts (OpenID Connect `iss` + `sub`) that sign in to an account. The primary key is
 * the rule "one provider account belongs to one account": two accounts racing to link it, one wins.
 * No foreign key to identity_users: a registration through a provider projects both rows in one
 * append, in whichever order the projectors run; the account-erased event removes the rows.
 */
export class IdentityExternalIdentities1764780000000 implements MigrationInterface {
  name = 'IdentityExternalIdentities1764780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_external_identities (
        issuer    text        NOT NULL,
        subject   text        NOT NULL,
        user_id   uuid        NOT NULL,
        provider  text        NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, subject)
      )`);
    await db.query(`CREATE INDEX identity_external_identities_user ON identity_external_identities (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_external_identities`);
  }
}
