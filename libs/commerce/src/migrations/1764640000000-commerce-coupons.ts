import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Coupons and single-use codes (兑换码), and the coupon an order was placed with. */
export class CommerceCoupons1764640000000 implements MigrationInterface {
  name = 'CommerceCoupons1764640000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_coupons (
        coupon_id      uuid        PRIMARY KEY,
        code           text        NOT NULL,
        issuer_kind    text        NOT NULL CHECK (issuer_kind IN ('creator', 'platform')),
        issuer_id      uuid        NOT NULL,
        discount       jsonb       NOT NULL,
        scope          jsonb       NOT NULL,
        valid_from     timestamptz NOT NULL,
        valid_to       timestamptz,
        total_limit    integer     CHECK (total_limit > 0),
        per_user_limit integer     CHECK (per_user_limit > 0),
        batch_id       uuid,
        redeemed       integer     NOT NULL DEFAULT 0 CHECK (redeemed >= 0),
        issued_at      timestamptz NOT NULL
      )`);
    // Codes are typed by people: one code, whatever its case.
    await db.query(`CREATE UNIQUE INDEX commerce_coupons_code_idx ON commerce_coupons (lower(code))`);
    await db.query(`CREATE INDEX commerce_coupons_issuer_idx ON commerce_coupons (issuer_id, issued_at DESC, coupon_id DESC)`);
    await db.query(`CREATE INDEX commerce_coupons_batch_idx ON commerce_coupons (batch_id) WHERE batch_id IS NOT NULL`);
    await db.query(`ALTER TABLE commerce_orders ADD COLUMN coupon jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_orders DROP COLUMN coupon`);
    await db.query(`DROP TABLE commerce_coupons`);
  }
}
