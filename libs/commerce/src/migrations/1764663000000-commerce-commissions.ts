import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Commission rates agreed with particular creators, per sale channel (null: the platform's default). */
export class CommerceCommissions1764663000000 implements MigrationInterface {
  name = 'CommerceCommissions1764663000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_commissions (
        creator_id          uuid        PRIMARY KEY,
        platform_bps        integer     CHECK (platform_bps BETWEEN 0 AND 10000),
        creator_coupon_bps  integer     CHECK (creator_coupon_bps BETWEEN 0 AND 10000),
        set_by              uuid        NOT NULL,
        set_at              timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_commissions`);
  }
}
